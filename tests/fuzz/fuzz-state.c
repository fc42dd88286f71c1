/* libFuzzer target: arbitrary bytes as a baseline state file (state.file, docs/detections-impl.md).
 * Must never crash, leak or read out of bounds; a file that loads must save to text that loads
 * again into a fresh engine and saves to the same text (nothing learned is lost or invented). */
#include "engine.h"
#include "fuzz-shipped.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sw_engine *fresh_engine(void)
{
    sw_engine *engine =
        sw_engine_new(fuzz_shipped_catalog(), fuzz_default_config(), NULL, NULL, NULL);
    if (!engine)
        abort();
    return engine;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_engine *first = fresh_engine();
    sw_error err;
    if (sw_engine_state_load(first, (const char *)data, size, &err) != SW_OK) {
        char msg[1024];
        sw_error_format(&err, msg, sizeof(msg));
        sw_engine_free(first);
        return 0;
    }
    size_t len1 = 0, len2 = 0;
    char *text1 = sw_engine_state_save(first, &len1);
    sw_engine *second = fresh_engine();
    if (!text1 || sw_engine_state_load(second, text1, len1, &err) != SW_OK)
        abort();
    char *text2 = sw_engine_state_save(second, &len2);
    if (!text2 || len1 != len2 || memcmp(text1, text2, len1) != 0)
        abort();
    free(text1);
    free(text2);
    sw_engine_free(first);
    sw_engine_free(second);
    return 0;
}

/* libFuzzer target for content-based protocol detection. */
#include "app-detect.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if ((unsigned)sw_app_detect(data, size, 0) >= SW_APP_COUNT ||
        (unsigned)sw_app_detect(data, size, 1) >= SW_APP_COUNT)
        abort();
    return 0;
}

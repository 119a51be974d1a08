/* libFuzzer target: the image reader (PNG/JPEG validation before anything is embedded). */
#include <stddef.h>
#include <stdint.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mlps_image_data im;
    char why[MLPS_IMAGE_WHY];
    if (mlps_image_parse(data, size, &im, why) == 0)
        mlps_image_free(&im);
    return 0;
}

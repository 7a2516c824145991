#include <stdio.h>
#include "ms5_build.h"

int main(void)
{
	printf("ms5top %s\n", MS5_VERSION);
	return 0;
}

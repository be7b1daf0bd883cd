#include "query/core/result.h"

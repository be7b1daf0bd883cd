#include "indexer/reader.h"

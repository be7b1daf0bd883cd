// Tests arrive with the reader.
#include <catch2/catch.hpp>

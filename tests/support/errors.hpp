// The message of the exception a call throws, for tests that compare error texts.
#pragma once

#include <catch2/catch.hpp>

#include <string>

namespace testerr {

// what() of the E that f() throws; fails the test when f() throws nothing.
template <class E, class F>
std::string messageOf(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    FAIL("the expected exception was not thrown");
    return {};
}

}  // namespace testerr

// Runs a program (the built CLI) and captures its exit status, stdout and stderr.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace testproc {

struct Result {
    int exitCode = -1;
    std::string out, err;
};

// Runs argv[0] with the arguments; env entries are set (or, with an empty value, unset) for
// the child only.
Result run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

// A fresh empty directory under the system temp dir, removed when the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    // Names of the entries inside (to check that no temporary file was left behind).
    std::vector<std::string> entries() const;

private:
    std::string path_;
};

bool fileExists(const std::string& path);
// Names of the entries of a folder, sorted.
std::vector<std::string> dirEntries(const std::string& path);

}  // namespace testproc

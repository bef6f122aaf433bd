// The samples bundled with the studio (embedded as Qt resources, so they are found whatever the
// working directory): the seed tensors, a test chart and a small volume.
#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace studio {

struct Sample {
    QString id;           // "ones", "arange", "chart", "volume"
    QString title;        // menu text
    QString path;         // resource path, loadable by loadInput()
    QString description;  // status tip
};

class SampleLibrary {
public:
    static const std::vector<Sample>& all();
    static std::optional<Sample> byId(const QString& id);
};

}  // namespace studio

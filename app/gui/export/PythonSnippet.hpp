// "Copy as PyTorch code": a script that runs by itself and gives the studio's result. It loads
// the input as the studio read it (np.load with the dims the studio added, or a picture's stored
// values as float32), makes the F.interpolate call and saves the result with np.save.
#pragma once

#include "session/InputDocument.hpp"

#include "upsample/spec.hpp"

#include <QString>

namespace studio {

// resultPath: where the script saves the result ("result.npy" when empty). A sample (a resource
// path) is loaded from a file of its name, which File ▸ Export can write.
QString pythonSnippet(const InputDocument& input, const upsample::Spec& spec, const QString& resultPath = QString());

}  // namespace studio

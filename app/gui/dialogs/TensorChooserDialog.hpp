// File ▸ Open of a file holding several tensors (.pt dicts, lists and state dicts, .npz archives,
// .safetensors): lists each tensor's name, shape and dtype; the one chosen is opened as
// "FILE.pt:NAME" (the CLI's syntax too).
#pragma once

#include "upsample/tensor_file.hpp"

#include <QDialog>
#include <QString>

#include <optional>
#include <vector>

class QTreeWidget;

namespace studio {

class TensorChooserDialog : public QDialog {
    Q_OBJECT
public:
    TensorChooserDialog(const QString& fileName, const std::vector<upsample::TensorEntry>& entries,
                        QWidget* parent = nullptr);

    // The row's tensor is chosen (the first is at first).
    void choose(int row);
    QString chosenName() const;
    int count() const;

    // Lists path's tensors: with one, its name; with several, the dialog's choice (nullopt when
    // cancelled); a file that cannot be listed gives "" (the loader then reports why).
    static std::optional<QString> ask(QWidget* parent, const QString& path);

private:
    QTreeWidget* list_;
    std::vector<upsample::TensorEntry> entries_;
};

}  // namespace studio

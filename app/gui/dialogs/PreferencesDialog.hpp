// Edit > Preferences: the result size limit and the CPU thread count.
#pragma once

#include <QDialog>

#include <cstdint>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace studio {

class Settings;

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    PreferencesDialog(Settings& settings, QWidget* parent = nullptr);
    void accept() override;  // writes the values to the settings

private:
    Settings& settings_;
    QSpinBox* limitMiB_;
    QSpinBox* threads_;
    QCheckBox* listen_;
    QLineEdit* listenName_;
};

}  // namespace studio

// What the docks' and tools' windows may ask of the studio window: the current input, result and
// spec, what the two views show, and where to report. MainWindow implements it; the tool windows
// and the analysis tools hold a StudioContext&, so none of them includes MainWindow.hpp.
#pragma once

#include "session/ComputeController.hpp"
#include "session/InputDocument.hpp"
#include "views/DisplayMapping.hpp"

#include "upsample/spec.hpp"

#include <QString>

#include <optional>

class QWidget;

namespace studio {

class ImageView;
class ViewSync;

class StudioContext {
public:
    virtual ~StudioContext() = default;

    // The window itself: the parent of tool windows and dialogs.
    virtual QWidget* widget() = 0;

    // The open input and the last successful computation (none before the first).
    virtual const std::optional<InputDocument>& input() const = 0;
    virtual const std::optional<ComputeOutcome>& result() const = 0;
    // The Spec dock's current spec (the result may still be computing it).
    virtual upsample::Spec spec() const = 0;
    // The one result limit (Preferences) every computation the studio starts is held to.
    virtual uint64_t maxResultBytes() const = 0;

    // What the views show: the display's slice and the two views, with their synchronised zoom and pan.
    virtual SliceSelection shownSlice() const = 0;
    virtual ImageView* originalView() const = 0;
    virtual ImageView* resultView() const = 0;
    virtual ViewSync* viewSync() const = 0;
    // The planes the views show (the result's depth slice nearest the original's) and their colours.
    virtual PlaneView originalPlane() const = 0;
    virtual PlaneView resultPlane() const = 0;
    virtual DisplayMapping currentMapping() const = 0;

    // An error dialog (and the message kept for lastError()); a status-bar message for `ms`.
    virtual void showError(const QString& title, const QString& message) = 0;
    virtual void showStatus(const QString& message, int ms) = 0;
    // A save dialog in the last folder used; empty when cancelled.
    virtual QString askSavePath(const QString& caption, const QString& filter, const QString& suffix,
                                const QString& suggestedName) = 0;
};

}  // namespace studio

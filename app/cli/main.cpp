// upsample-cli: PyTorch's F.interpolate on .npy files from the command line.
// Thin by design: parses arguments into a core Spec and calls core; no arithmetic here.
#include "commands.hpp"

#include "upsample/error.hpp"
#include "upsample/opencl.hpp"
#include "upsample/version.hpp"

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {
const char* kUsage =
    "usage: upsample-cli <command> [options]\n"
    "\n"
    "PyTorch's torch.nn.functional.interpolate, computed exactly, on .npy tensors and pictures.\n"
    "\n"
    "commands:\n"
    "  resize IN OUT --mode M (--scale S | --size N) [options]   upsample a tensor\n"
    "  resize IN OUT --convention opencv|pillow|onnx|skimage [options] another library's resize, as it computes it\n"
    "  compare IN --mode M (--scale S | --size N) [options]      each library's closest call, measured against PyTorch\n"
    "  show FILE[:NAME]                                        print a tensor's shape and values, or list a file's tensors\n"
    "  bench --shape N,C,H,W --mode M (--scale S | --size N)   time the core call on a generated tensor\n"
    "  devices                                                 list the OpenCL platforms and devices\n"
    "  explain --input-shape S --call CALL [--json]            what an upsampling call does to a shape, and why\n"
    "  explain --example ones4x4|arange4x4                     the seed example, computed live\n"
    "  send FILE [--compare] [--spec CALL] [--result OUT]      send a tensor to a studio started with --listen\n"
    "  modes [--json]                                          the modes, their ranks, options and versions\n"
    "\n"
    "Run 'upsample-cli <command> --help' for a command's options, 'upsample-cli --version' for the version.\n";
}  // namespace

int main(int argc, char** argv) {
    upsample::prepareOpenCLDriver();  // before any thread starts
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::printf("upsample-cli %s\n", upsample::kVersion);
        return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "resize") return cli::resizeCommand(args);
        if (command == "show") return cli::showCommand(args);
        if (command == "bench") return cli::benchCommand(args);
        if (command == "devices") return cli::devicesCommand(args);
        if (command == "explain") return cli::explainCommand(args);
        if (command == "compare") return cli::compareCommand(args);
        if (command == "send") return cli::sendCommand(args);
        if (command == "modes") return cli::modesCommand(args);
        std::fprintf(stderr, "upsample-cli: unknown command '%s'\n%s", command.c_str(), kUsage);
        return 2;
    } catch (const upsample::UsageError& e) {
        std::fprintf(stderr, "upsample-cli %s: %s\n", command.c_str(), e.what());
        return 2;
    } catch (const upsample::InternalError& e) {  // a bug: its own exit status
        std::fprintf(stderr, "upsample-cli %s: internal error: %s\n", command.c_str(), e.what());
        return 3;
    } catch (const upsample::SpecError& e) {
        std::fprintf(stderr, "upsample-cli %s: %s: %s\n", command.c_str(), upsample::pyErrorTypeName(e.pyType()),
                     e.what());
        return 1;
    } catch (const upsample::OpenCLError& e) {
        std::fprintf(stderr, "upsample-cli %s: %s\n", command.c_str(), e.what());
        if (!e.buildLog().empty()) std::fprintf(stderr, "build log:\n%s\n", e.buildLog().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "upsample-cli %s: %s\n", command.c_str(), e.what());
        return 1;
    }
}

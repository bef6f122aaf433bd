// upsample-cli send FILE [--compare] [--name NAME] [--spec CALL] [--result OUT.npy] [--link NAME]:
// the live link's client for scripts without Python. Sends the tensor to a studio started with
// --listen (as the input, or with --compare as B of the A/B compare against the current result),
// optionally sets the call and writes the result back; prints each reply.
#include "args.hpp"
#include "commands.hpp"
#include "tensor_files.hpp"

#include "upsample/error.hpp"
#include "upsample/link.hpp"
#include "upsample/npy.hpp"

#include <cstdio>
#include <filesystem>

namespace cli {

using namespace upsample;

namespace {
const char* kSendUsage =
    "usage: upsample-cli send FILE [--compare] [--name NAME] [--spec CALL] [--result OUT.npy] [--link NAME]\n"
    "\n"
    "Sends FILE (.npy, .pt, .safetensors, .npz or a picture; its dtype as it is) to the studio listening as --link NAME (default: default; start it with\n"
    "upsample-studio --listen [NAME]). Without --compare it becomes the studio's input; with --compare it is B\n"
    "of the A/B compare against the current result, and the difference statistics are printed. --spec sets the\n"
    "call first (as Python text, e.g. \"F.interpolate(x, scale_factor=2, mode='bicubic')\"); --result writes\n"
    "the studio's result to OUT.npy. Exit status 1 when the studio refuses a request.\n";

// The reply, printed; throws Error with the studio's message when it refused.
const link::Frame& check(const link::Frame& reply) {
    nlohmann::json shown = reply.header;
    if (!shown.value("ok", false))
        throw Error(ErrorKind::Io,
                    "the studio refused " + shown.value("command", std::string("the request")) + ": " +
                        shown.value("error_type", std::string("Error")) + ": " + shown.value("error", std::string()));
    std::printf("%s\n", shown.dump().c_str());
    return reply;
}
}  // namespace

int sendCommand(const std::vector<std::string>& argv) {
    const Args a(argv, {"name", "spec", "result", "link"}, {"compare", "help"});
    if (a.has("help")) {
        std::fputs(kSendUsage, stdout);
        return 0;
    }
    if (a.positionals().size() != 1) throw UsageError("expected one file to send (see upsample-cli send --help)");
    const std::string link = a.value("link").value_or(link::kDefaultName);
    if (!link::validName(link)) throw UsageError("--link: '" + link + "' is not a link name (letters, digits, '_', '-')");
    const std::string file = a.positionals()[0];
    // The dtype as it is (uint8, float16, bfloat16 from .pt/.safetensors): the studio keeps it for its
    // input as File ▸ Open does, and widens B of a compare itself.
    const InputFile in = readInput(file, kDefaultNpyMaxBytes, NpyDTypes::AsPyTorch);
    for (const auto& n : in.notices) std::fprintf(stderr, "upsample-cli send: notice: %s\n", n.c_str());

    link::Client client(link::socketPath(link));
    nlohmann::json h = link::tensorFields(in.tensor);
    h["name"] = a.value("name").value_or(std::filesystem::path(file).filename().string());
    if (a.has("compare")) {
        if (a.value("spec")) check(client.request({{"command", "spec"}, {"call", *a.value("spec")}}));
        h["command"] = "compare";
        check(client.request(h, link::tensorBytes(in.tensor)));
    } else {
        h["command"] = "open";
        check(client.request(h, link::tensorBytes(in.tensor)));
        if (a.value("spec")) check(client.request({{"command", "spec"}, {"call", *a.value("spec")}}));
    }
    if (const auto out = a.value("result")) {
        const link::Frame reply = client.request({{"command", "result"}});
        check(reply);
        writeNpy(*out, link::decodeTensor(reply, ~uint64_t{0}, NpyDTypes::AsPyTorch).tensor);  // uint8 stays uint8
    }
    return 0;
}

}  // namespace cli

#!/usr/bin/env bash
# Signalbox as a library another package depends on by version: clones this repository's HEAD
# into a temporary directory, tags the clone with the version in Sources/signalbox/
# SignalboxVersion.swift, builds a small package that depends on it `from:` that tag (the way
# SwiftPM refuses unsafe build flags in), and runs a send and a receive through its
# MailboxClient against a real `signalbox serve` on a free loopback port.
#
#   scripts/dependent-package-check.sh SIGNALBOX_BINARY
#
# The clone's dependencies resolve like this package's own: from the same https://github.com
# URLs, which git on this machine reads from its package mirror.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/serving.sh
binary=${1:?usage: scripts/dependent-package-check.sh SIGNALBOX_BINARY}

version=$(sed -n 's/^ *static let number = "\(.*\)"$/\1/p' Sources/signalbox/SignalboxVersion.swift)
[ -n "$version" ] || { echo "no version found in Sources/signalbox/SignalboxVersion.swift" >&2; exit 1; }

work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

git clone --quiet --no-local . "$work/signalbox"
git -C "$work/signalbox" tag "$version"

mkdir -p "$work/consumer/Sources/consumer"
cat > "$work/consumer/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "consumer",
    platforms: [.macOS(.v15)],
    dependencies: [.package(url: "file://$work/signalbox", from: "$version")],
    targets: [
        .executableTarget(name: "consumer", dependencies: [.product(name: "MailboxClient", package: "signalbox")]),
    ]
)
SWIFT
cat > "$work/consumer/Sources/consumer/main.swift" <<'SWIFT'
import MailboxClient

// alice opens her inbox, bob sends her a message, alice receives it.
let server = CommandLine.arguments[1]
let alice = try MailboxClient(server: server, username: "alice", password: "a")
let bob = try MailboxClient(server: server, username: "bob", password: "b")
_ = try await alice.receive()
try await bob.send(Array("hello from a dependent package".utf8), to: "alice")
let reply = try await alice.receive(wait: .seconds(5))
guard let message = reply.message else { fatalError("alice received nothing") }
print("\(message.sender): \(message.text ?? "")")
SWIFT

echo "Building a package that depends on Signalbox from: \"$version\" (a tag of a clone of HEAD)..."
if ! swift build --package-path "$work/consumer" >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    echo "FAILED: a package that depends on Signalbox by version does not build (above)" >&2
    exit 1
fi

port=$(free_port)
"$binary" serve --bind "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
wait_until_serving "$work/serve.log"

said=$("$(swift build --package-path "$work/consumer" --show-bin-path)/consumer" "http://127.0.0.1:$port")
if [ "$said" != "bob: hello from a dependent package" ]; then
    echo "FAILED: the dependent package's send and receive printed '$said'" >&2
    exit 1
fi
echo "The dependent package sent and received through signalbox serve: $said"

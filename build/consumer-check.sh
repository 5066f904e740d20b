#!/usr/bin/env bash
# End-to-end check of the NuGet packages as applications see them: pack ArcNet and ArcNet.Models.Omniglot into a
# temporary local feed, build two throwaway console apps that reference them by version (plus TorchSharp and the Linux
# CPU backend), and run them. The first references ArcNet: it proves that the package restores, that its
# buildTransitive/ step patches TorchSharp's native glue in a consumer's output (this host's libstdc++ lacks
# GLIBCXX_3.4.32), and that a comparator loads PNGs and compares them. The second references only the pretrained model:
# it loads it and checks that two drawings of one held-out character score higher than two different characters.
# Prints one PASS or FAIL line.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

torchsharp_version=$(sed -n 's:.*<TorchSharpVersion>\(.*\)</TorchSharpVersion>.*:\1:p' Directory.Packages.props)
libtorch_version=$(sed -n 's:.*<LibTorchVersion>\(.*\)</LibTorchVersion>.*:\1:p' Directory.Packages.props)
# A version no earlier run used, so NuGet can never hand back a stale ArcNet from its global cache.
suffix="consumercheck.$(date -u +%Y%m%d%H%M%S).$$"
packages_root=${NUGET_PACKAGES:-$HOME/.nuget/packages}

work=$(mktemp -d -t arcnet-consumer-XXXXXX)
version=""
cleanup() {
  rm -rf "$work"
  # The unique version is of no use to anyone after this run; do not let them pile up in the cache.
  if [[ -n "$version" ]]; then rm -rf "$packages_root/arcnet/$version" "$packages_root/arcnet.models.omniglot/$version"; fi
}
trap cleanup EXIT

fail() {
  echo "consumer-check: FAIL: $*"
  exit 1
}

step() { echo "consumer-check: $*"; }

# 1. Pack both. Separate artifacts so the repository's own bin/obj (and their version stamps) are untouched.
step "packing ArcNet and ArcNet.Models.Omniglot with version suffix $suffix"
for project in src/ArcNet src/ArcNet.Models.Omniglot; do
  dotnet pack "$project" -c Release -o "$work/feed" --artifacts-path "$work/artifacts" -p:VersionSuffix="$suffix" \
    >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; fail "dotnet pack $project failed"; }
done
nupkg=$(find "$work/feed" -name 'ArcNet.0*.nupkg' ! -name '*.snupkg' | head -n 1)
[[ -n "$nupkg" ]] || fail "dotnet pack produced no ArcNet .nupkg"
version=$(basename "$nupkg" .nupkg)
version=${version#ArcNet.}
models=$(find "$work/feed" -name "ArcNet.Models.Omniglot.$version.nupkg" | head -n 1)
[[ -n "$models" ]] || fail "dotnet pack produced no ArcNet.Models.Omniglot.$version.nupkg"
step "packed $(basename "$nupkg") and $(basename "$models") ($(du -k "$models" | cut -f1) KB)"

# 2. A throwaway application, outside the repository so none of its Directory.*.props/targets apply.
app="$work/app"
mkdir -p "$app"
cat >"$app/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <!-- The freshly packed ArcNet, plus whatever sources this machine normally uses (inherited). -->
    <add key="arcnet-local" value="$work/feed" />
  </packageSources>
</configuration>
EOF
# A console application's project file at $1 that references the package $2 of this version, and the CPU backend.
write_app_project() {
  cat >"$1" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="$2" Version="[$version]" />
    <PackageReference Include="TorchSharp" Version="$torchsharp_version" />
    <PackageReference Include="libtorch-cpu-linux-x64" Version="$libtorch_version" />
  </ItemGroup>
</Project>
EOF
}
write_app_project "$app/ConsumerCheck.csproj" ArcNet
cat >"$app/Program.cs" <<'EOF'
using ArcNet;
using ArcNet.Runtime;
using SkiaSharp;

// Two small drawings: the same stroke twice would be the trivial case, so a vertical and a horizontal bar.
string folder = args[0];
string first = Path.Combine(folder, "first.png"), second = Path.Combine(folder, "second.png");
WritePng(first, vertical: true);
WritePng(second, vertical: false);

TorchRuntime.EnsureAvailable();
using var comparator = new ArcComparator(new PlainArcOptions { HiddenSize = 32, GlimpsesPerImage = 2 }, seed: 1);
using var images = comparator.ReadImages(first, second);                 // (2, 1, 32, 32)
using var similarity = comparator.Similarity(images[0..1], images[1..2]); // (1)
float value = similarity.item<float>();
Console.WriteLine($"images {string.Join("x", images.shape)} similarity {value:0.000000}");
return float.IsFinite(value) && value is >= 0 and <= 1 ? 0 : 2;

static void WritePng(string path, bool vertical)
{
    using var bitmap = new SKBitmap(new SKImageInfo(105, 105, SKColorType.Gray8, SKAlphaType.Opaque));
    bitmap.Erase(SKColors.White);
    using (var canvas = new SKCanvas(bitmap))
    using (var ink = new SKPaint { Color = SKColors.Black })
        canvas.DrawRect(vertical ? SKRect.Create(45, 10, 15, 85) : SKRect.Create(10, 45, 85, 15), ink);
    using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
    File.WriteAllBytes(path, encoded.ToArray());
}
EOF

# 3. Build and run it.
step "building a console app that references ArcNet $version, TorchSharp $torchsharp_version, libtorch-cpu-linux-x64 $libtorch_version"
if ! dotnet build "$app/ConsumerCheck.csproj" -c Release >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  fail "the consumer app did not build"
fi
patch_line=$(grep -m 1 'ArcNet: made GLIBCXX_3.4.32 optional' "$work/build.log" || true)
if [[ -z "$patch_line" ]]; then
  cat "$work/build.log"
  fail "the build did not print ArcNet's buildTransitive patch line ('ArcNet: made GLIBCXX_3.4.32 optional ...')"
fi
step "build printed: ${patch_line#"${patch_line%%[![:space:]]*}"}"

mkdir -p "$work/images"
dll=$(find "$app/bin/Release" -name ConsumerCheck.dll | head -n 1)
if ! output=$(timeout 120 dotnet "$dll" "$work/images" 2>&1); then
  echo "$output"
  fail "the consumer app failed to run"
fi
echo "$output"
grep -Eq '^images 2x1x32x32 similarity [01]\.[0-9]{6}$' <<<"$output" ||
  fail "the consumer app did not print a similarity for two 32 x 32 images"

step "ArcNet $version: restored from a local feed, its buildTransitive step patched TorchSharp's glue, and a comparator compared two PNGs"

# 4. An application that references only the pretrained model (and a backend): ArcNet comes with it.
models_app="$work/models-app"
mkdir -p "$models_app"
cp "$app/NuGet.config" "$models_app/"
write_app_project "$models_app/ModelsCheck.csproj" ArcNet.Models.Omniglot
cat >"$models_app/Program.cs" <<'EOF'
using System.IO.Compression;
using ArcNet.Models.Omniglot;

// Three drawings of the held-out Balinese alphabet from the archive given: two of character 1 by two people, one of character 2.
string folder = Directory.CreateTempSubdirectory("arcnet-models-check").FullName;
using (var zip = ZipFile.OpenRead(args[0]))
    foreach (string name in new[] { "character01/0108_01.png", "character01/0108_02.png", "character02/0109_01.png" })
        zip.GetEntry($"images_background_small1/Balinese/{name}")!.ExtractToFile(Path.Combine(folder, Path.GetFileName(name)));
string Drawing(string file) => Path.Combine(folder, file);

using var comparator = OmniglotModel.Load();
double same = comparator.Similarity(Drawing("0108_01.png"), Drawing("0108_02.png"));
double different = comparator.Similarity(Drawing("0108_01.png"), Drawing("0109_01.png"));
Console.WriteLine($"same character {same:0.0000}, different characters {different:0.0000}");
return same > different ? 0 : 3;
EOF
step "building a console app that references only ArcNet.Models.Omniglot $version (and the backend)"
if ! dotnet build "$models_app/ModelsCheck.csproj" -c Release >"$work/models-build.log" 2>&1; then
  cat "$work/models-build.log"
  fail "the pretrained-model app did not build"
fi
models_dll=$(find "$models_app/bin/Release" -name ModelsCheck.dll | head -n 1)
if ! models_output=$(timeout 120 dotnet "$models_dll" "$PWD/samples/ArcNet.Omniglot/Data/images_background_small1.zip" 2>&1); then
  echo "$models_output"
  fail "the pretrained model did not score two drawings of one character above two different characters"
fi
echo "$models_output"

echo "consumer-check: PASS: ArcNet and ArcNet.Models.Omniglot $version restored from a local feed; a comparator compared two PNGs, and the pretrained model scored two drawings of one held-out character above two different characters"

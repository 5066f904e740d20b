using ArcNet.Runtime;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace ArcNet.Tests.Runtime;

/// <summary>
/// The build step of buildTransitive/ArcNet.targets (task RelaxGlibcxxRequirement): it must make the
/// output copy of TorchSharp's glue loadable and never touch the NuGet cache.
/// </summary>
public class NativeCompatibilityTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLoadDiagnosis.GlueLibrary);

    private static string CacheCopy
    {
        get
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            Version v = typeof(torch).Assembly.GetName().Version!;
            return Path.Combine(packages, "torchsharp", $"{v.Major}.{v.Minor}.{v.Build}", "runtimes", "linux-x64", "native", NativeLoadDiagnosis.GlueLibrary);
        }
    }

    /// <summary>A copy of <paramref name="source"/> beside LibTorch in the output, so the loader can resolve its dependencies.</summary>
    private static string CopyBesideLibTorch(string source)
    {
        string copy = Path.Combine(Path.GetDirectoryName(OutputCopy)!, $"libLibTorchSharp-test-{Guid.NewGuid():N}.so");
        File.Copy(source, copy);
        return copy;
    }

    private static bool HostLacksVersion => !RelaxGlibcxxRequirement.Provides(RelaxGlibcxxRequirement.FindHostLibStdCxx(), Version);

    [Fact]
    public void The_output_copy_loads()
    {
        if (!OperatingSystem.IsLinux()) return;

        NativeLoadDiagnosis.LoadError(OutputCopy).Should().BeNull();
    }

    [Fact]
    public void The_nuget_cache_copy_is_left_as_shipped()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.Exists(CacheCopy).Should().BeTrue($"the test looks for TorchSharp's package at {CacheCopy}");

        byte[] cache = File.ReadAllBytes(CacheCopy);
        byte[] output = File.ReadAllBytes(OutputCopy);
        RelaxGlibcxxRequirement.FindHardRequirementFlags(cache, Version).Should().ContainSingle("the shipped file requires the version");

        int[] differing = Enumerable.Range(0, cache.Length).Where(i => cache[i] != output[i]).ToArray();
        if (HostLacksVersion)
        {
            output.Length.Should().Be(cache.Length);
            differing.Should().Equal(RelaxGlibcxxRequirement.FindHardRequirementFlags(cache, Version).Single());
            output[differing[0]].Should().Be((byte)(cache[differing[0]] | 0x2), "only the weak bit is set");
            string unpatched = CopyBesideLibTorch(CacheCopy);
            NativeLoadDiagnosis.LoadError(unpatched).Should().Contain(Version, "the cache copy still has the hard requirement");
            File.Delete(unpatched);
        }
        else
        {
            differing.Should().BeEmpty("hosts whose libstdc++ has the version get the file unchanged");
        }
    }

    [Fact]
    public void Weakening_is_idempotent_and_keeps_the_source_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        string copy = CopyBesideLibTorch(CacheCopy);
        byte[] before = File.ReadAllBytes(CacheCopy);

        RelaxGlibcxxRequirement.WeakenRequirement(copy, Version).Should().BeTrue();
        RelaxGlibcxxRequirement.WeakenRequirement(copy, Version).Should().BeFalse("a patched file has no hard requirement left");

        RelaxGlibcxxRequirement.FindHardRequirementFlags(File.ReadAllBytes(copy), Version).Should().BeEmpty();
        File.ReadAllBytes(CacheCopy).Should().Equal(before);
        NativeLoadDiagnosis.LoadError(copy).Should().BeNull();
        File.Delete(copy);
    }

    [Fact]
    public void An_unpatched_glue_library_is_explained_with_the_cause_and_the_fix()
    {
        if (!OperatingSystem.IsLinux() || !HostLacksVersion) return;

        string unpatched = CopyBesideLibTorch(CacheCopy);
        string message = NativeLoadDiagnosis.ExplainLoadError(unpatched, NativeLoadDiagnosis.LoadError(unpatched));
        File.Delete(unpatched);

        message.Should().Contain(Version).And.Contain("Debian 12").And.Contain("ArcNetPatchNativeCompat");
    }

    [Fact]
    public void A_file_that_is_not_elf_is_rejected()
    {
        var find = () => RelaxGlibcxxRequirement.FindHardRequirementFlags("not a shared library"u8.ToArray(), Version);

        find.Should().Throw<InvalidDataException>().WithMessage("*not an ELF file*");
    }

    [Fact]
    public void A_truncated_elf_file_is_rejected()
    {
        if (!OperatingSystem.IsLinux()) return;
        byte[] truncated = File.ReadAllBytes(CacheCopy)[..4096];

        var find = () => RelaxGlibcxxRequirement.FindHardRequirementFlags(truncated, Version);

        find.Should().Throw<InvalidDataException>().WithMessage("*truncated*");
    }
}

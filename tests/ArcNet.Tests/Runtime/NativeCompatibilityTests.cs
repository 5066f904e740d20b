using ArcNet.Runtime;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Runtime;

/// <summary>
/// The build step of buildTransitive/ArcNet.targets (task RelaxGlibcxxRequirement): it must make the
/// output copy of TorchSharp's glue loadable and never touch the NuGet cache. The test project's build copies the
/// package's file, after the patch step, beside the tests (see ArcNet.Tests.csproj), so these tests
/// read the package's file without reading the cache.
/// </summary>
public class NativeCompatibilityTests
{
    private const string Version = NativeGlueFactAttribute.Version;

    private static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLoadDiagnosis.GlueLibrary);

    private static string ShippedCopy => Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.shipped.so");

    /// <summary>A copy of <paramref name="source"/> beside LibTorch in the output, so the loader can resolve its dependencies.</summary>
    private static string CopyBesideLibTorch(string source)
    {
        string copy = Path.Combine(Path.GetDirectoryName(OutputCopy)!, $"libLibTorchSharp-test-{Guid.NewGuid():N}.so");
        File.Copy(source, copy);
        return copy;
    }

    [NativeGlueFact]
    public void The_output_copy_loads()
    {
        NativeLoadDiagnosis.LoadError(OutputCopy).Should().BeNull();
    }

    [NativeGlueFact]
    public void The_nuget_cache_copy_is_left_as_shipped()
    {
        File.Exists(ShippedCopy).Should().BeTrue($"the build copies TorchSharp's package file to {ShippedCopy}");

        byte[] cache = File.ReadAllBytes(ShippedCopy);
        byte[] output = File.ReadAllBytes(OutputCopy);
        RelaxGlibcxxRequirement.FindHardRequirementFlags(cache, Version).Should().ContainSingle("the shipped file requires the version");

        int[] differing = Enumerable.Range(0, cache.Length).Where(i => cache[i] != output[i]).ToArray();
        if (NativeGlueFactAttribute.HostLacksVersion)
        {
            output.Length.Should().Be(cache.Length);
            differing.Should().Equal(RelaxGlibcxxRequirement.FindHardRequirementFlags(cache, Version).Single());
            output[differing[0]].Should().Be((byte)(cache[differing[0]] | 0x2), "only the weak bit is set");
            string unpatched = CopyBesideLibTorch(ShippedCopy);
            NativeLoadDiagnosis.LoadError(unpatched).Should().Contain(Version, "the cache copy still has the hard requirement");
            File.Delete(unpatched);
        }
        else
        {
            differing.Should().BeEmpty("hosts whose libstdc++ has the version get the file unchanged");
        }
    }

    [NativeGlueFact]
    public void Weakening_is_idempotent_and_keeps_the_source_file()
    {
        string copy = CopyBesideLibTorch(ShippedCopy);
        byte[] before = File.ReadAllBytes(ShippedCopy);

        RelaxGlibcxxRequirement.WeakenRequirement(copy, Version).Should().BeTrue();
        RelaxGlibcxxRequirement.WeakenRequirement(copy, Version).Should().BeFalse("a patched file has no hard requirement left");

        RelaxGlibcxxRequirement.FindHardRequirementFlags(File.ReadAllBytes(copy), Version).Should().BeEmpty();
        File.ReadAllBytes(ShippedCopy).Should().Equal(before);
        NativeLoadDiagnosis.LoadError(copy).Should().BeNull();
        File.Delete(copy);
    }

    [NativeGlueFact(needsHostWithoutVersion: true)]
    public void An_unpatched_glue_library_is_explained_with_the_cause_and_the_fix()
    {
        string unpatched = CopyBesideLibTorch(ShippedCopy);
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

    [NativeGlueFact]
    public void A_truncated_elf_file_is_rejected()
    {
        byte[] truncated = File.ReadAllBytes(ShippedCopy)[..4096];

        var find = () => RelaxGlibcxxRequirement.FindHardRequirementFlags(truncated, Version);

        find.Should().Throw<InvalidDataException>().WithMessage("*truncated*");
    }
}

using Xunit;

namespace ArcNet.Tests.Runtime;

/// <summary>
/// A fact about the linux-x64 glue library and the build step that patches it. Where it cannot run it is reported as
/// skipped with the reason, decided when the tests are discovered: on systems other than Linux, and, for facts about
/// the unpatched library's failure, on hosts whose libstdc++ already has the version the patch relaxes.
/// </summary>
public sealed class NativeGlueFactAttribute : FactAttribute
{
    internal const string Version = "GLIBCXX_3.4.32";

    public NativeGlueFactAttribute(bool needsHostWithoutVersion = false)
    {
        if (!OperatingSystem.IsLinux())
            Skip = "Linux only: the build step patches the linux-x64 glue library.";
        else if (needsHostWithoutVersion && !HostLacksVersion)
            Skip = $"This host's libstdc++ has {Version}, so the unpatched glue library loads here and there is no failure to explain.";
    }

    internal static bool HostLacksVersion => !RelaxGlibcxxRequirement.Provides(RelaxGlibcxxRequirement.FindHostLibStdCxx(), Version);
}

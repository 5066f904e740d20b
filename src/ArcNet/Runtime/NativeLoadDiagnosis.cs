using System.Runtime.InteropServices;

namespace ArcNet.Runtime;

/// <summary>Turns a failed TorchSharp native load into a message naming the cause and the fix.</summary>
internal static class NativeLoadDiagnosis
{
    internal const string GlueLibrary = "libLibTorchSharp.so";

    /// <summary>Explains why TorchSharp's native glue under <paramref name="applicationFolder"/> does not load.</summary>
    internal static string Explain(string applicationFolder)
    {
        if (!OperatingSystem.IsLinux())
            return "TorchSharp's native runtime could not be loaded. Reference a LibTorch backend package in the application " +
                   "(TorchSharp-cpu, or a CUDA package on a GPU machine) alongside ArcNet.";

        string? glue = FindGlue(applicationFolder);
        if (glue is null)
            return $"TorchSharp's native library {GlueLibrary} is not in {applicationFolder}. Reference a LibTorch backend " +
                   "package in the application: libtorch-cpu-linux-x64 2.10.0 (or TorchSharp-cpu), or TorchSharp-cuda-linux for GPUs.";

        return ExplainLoadError(glue, LoadError(glue));
    }

    /// <summary>The message for a glue library that the loader refused with <paramref name="loaderError"/>.</summary>
    internal static string ExplainLoadError(string gluePath, string? loaderError)
    {
        if (loaderError is null)
            return $"{gluePath} loads, but LibTorch itself does not: check that the libtorch-cpu-linux-x64 (or CUDA) package " +
                   "version matches TorchSharp's (LibTorch 2.10.0 for TorchSharp 0.107.0).";

        if (loaderError.Contains("GLIBCXX_", StringComparison.Ordinal))
            return $"{gluePath} needs a newer libstdc++ than this system has ({loaderError.Trim()}). This happens on Debian 12 and " +
                   "Ubuntu 22.04. ArcNet's build step fixes the copy in your build output: build the application with a reference " +
                   "to the ArcNet package (its buildTransitive targets run automatically) and without -p:ArcNetPatchNativeCompat=false, " +
                   "or install libstdc++ from GCC 13 or newer.";

        return $"{gluePath} could not be loaded: {loaderError.Trim()}. Check that the LibTorch backend package matches TorchSharp's version.";
    }

    /// <summary>The dynamic loader's error for <paramref name="path"/>, or null when it loads.</summary>
    internal static string? LoadError(string path)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
        catch (BadImageFormatException e)
        {
            return e.Message;
        }
    }

    private static string? FindGlue(string folder)
    {
        string rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";
        foreach (string candidate in new[] { Path.Combine(folder, "runtimes", rid, "native", GlueLibrary), Path.Combine(folder, GlueLibrary) })
            if (File.Exists(candidate))
                return candidate;
        return null;
    }
}

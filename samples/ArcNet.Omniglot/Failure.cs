using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot;

/// <summary>Turns the errors a user can cause into one clear line instead of a stack trace.</summary>
internal static class Failure
{
    internal static bool IsUserFacing(Exception e) =>
        e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
            or InvalidOperationException or CommandAppException or System.Runtime.InteropServices.ExternalException;

    internal static void Report(Exception e)
    {
        string message = e switch
        {
            ArgumentException { ParamName: { } name } argument => argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
            // LibTorch's messages carry a native stack trace after the first line.
            System.Runtime.InteropServices.ExternalException native => $"LibTorch failed: {native.Message.Split('\n')[0].Trim()} A training run can continue from its last checkpoint with --resume.",
            _ => e.Message,
        };
        Console.Error.WriteLine($"error: {message}");
    }
}

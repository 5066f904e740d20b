using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot;

/// <summary>Turns the errors a user can cause into one clear line instead of a stack trace.</summary>
internal static class Failure
{
    internal static bool IsUserFacing(Exception e) =>
        e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
            or InvalidOperationException or CommandAppException;

    internal static void Report(Exception e)
    {
        string message = e is ArgumentException argument && argument.ParamName is { } name
            ? argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : e.Message;
        Console.Error.WriteLine($"error: {message}");
    }
}

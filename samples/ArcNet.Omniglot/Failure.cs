using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot;

/// <summary>Turns the errors a user can cause into one clear line instead of a stack trace.</summary>
internal static partial class Failure
{
    internal static bool IsUserFacing(Exception e) =>
        e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
            or InvalidOperationException or CommandAppException or System.Runtime.InteropServices.ExternalException;

    /// <summary>Writes the one line for <paramref name="e"/>, a failure of the command line <paramref name="args"/>.</summary>
    internal static void Report(Exception e, IReadOnlyList<string> args)
    {
        string message = e switch
        {
            CommandAppException when ConversionFailure().Match(e.Message) is { Success: true } failed => Unconvertible(failed.Groups["value"].Value, args),
            ArgumentException { ParamName: { } name } argument => AsOptions(argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)),
            // LibTorch's messages carry a native stack trace after the first line.
            System.Runtime.InteropServices.ExternalException native => $"LibTorch failed: {native.Message.Split('\n')[0].Trim()} A training run can continue from its last checkpoint with --resume.",
            _ => e.Message,
        };
        Console.Error.WriteLine($"error: {message}");
    }

    /// <summary>
    /// Spectre.Console.Cli names the type a value did not convert to ("Nullable`1") but not the option; the command line
    /// does: the option is the argument before the value, or the one it is joined to with '='.
    /// </summary>
    private static string Unconvertible(string value, IReadOnlyList<string> args)
    {
        string? option = null;
        for (int i = 0; i < args.Count && option is null; i++)
        {
            if (args[i] == value && i > 0 && args[i - 1].StartsWith('-'))
                option = args[i - 1];
            else if (args[i].StartsWith('-') && args[i].EndsWith("=" + value, StringComparison.Ordinal))
                option = args[i][..args[i].IndexOf('=')];
        }
        return $"{option ?? "An option"} takes a number, and '{value}' is not one it can hold: counts, steps and seeds are whole numbers " +
               "up to 2,147,483,647, rates and minutes decimal numbers such as 0.002. See --help.";
    }

    /// <summary>The library's settings this command line sets, by the options that set them.</summary>
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["MaxSteps"] = "--steps", ["LearningRate"] = "--learning-rate", ["WeightDecay"] = "--weight-decay", ["GradientClipNorm"] = "--clip",
        ["AugmentationStrength"] = "--augment", ["BatchSize"] = "--batch-size", ["EpisodeGroups"] = "--groups", ["EpisodeGroupSize"] = "--group-size",
        ["ValidateEvery"] = "--validate-every", ["ValidationBatches"] = "--validation-batches", ["CheckpointEvery"] = "--checkpoint-every",
        ["Ways"] = "--ways", ["ImageSize"] = "--image-size", ["HiddenSize"] = "--hidden", ["GlimpsesPerImage"] = "--glimpses",
        ["GlimpseSize"] = "--glimpse-size", ["InputDropout"] = "--input-dropout", ["TrunkChannels"] = "--trunk-channels",
        ["AttentionChannels"] = "--attention-channels", ["AttendedBlocks"] = "--attended-blocks", ["ControllerShare"] = "--controller-share",
    };

    /// <summary>"TrainingOptions.MaxSteps must be ..." as the command line says it: "--steps must be ...".</summary>
    private static string AsOptions(string message) => LibrarySetting().Replace(message, m => Options.GetValueOrDefault(m.Groups["property"].Value, m.Value));

    [GeneratedRegex("\\b\\w+Options\\.(?<property>\\w+)\\b")]
    private static partial Regex LibrarySetting();

    [GeneratedRegex("^Failed to convert '(?<value>.*)' to [^ ]+\\.$")]
    private static partial Regex ConversionFailure();
}

using System.Globalization;

namespace ArcNet.Omniglot.Commands;

/// <summary>
/// The time budgets the commands take in minutes: positive and finite, and no more than a run could use, so that a
/// typo such as 1e308 is refused by name rather than overflowing the time span it becomes.
/// </summary>
internal static class MinutesOption
{
    /// <summary>About 694 days: more than any run, far within what a <see cref="TimeSpan"/> holds.</summary>
    internal const double Most = 1_000_000;

    /// <summary>The message naming <paramref name="option"/> when <paramref name="minutes"/> is no budget; null when it is one.</summary>
    internal static string? Problem(double minutes, string option) => minutes is > 0 and <= Most
        ? null
        : $"{option} takes a positive number of minutes, at most {Most.ToString("N0", CultureInfo.InvariantCulture)}; got {minutes.ToString(CultureInfo.InvariantCulture)}.";
}

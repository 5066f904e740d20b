namespace ArcNet.OneShot;

/// <summary>The interval every evaluation reports, in one place.</summary>
internal static class Statistics
{
    /// <summary>
    /// Half-width of the normal-approximation 95 % confidence interval of the mean of <paramref name="values"/>
    /// (one per trial): 1.96 standard errors, with the sample standard deviation. Zero for fewer than two values.
    /// </summary>
    internal static double ConfidenceHalfWidth(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            return 0;
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return 1.96 * Math.Sqrt(variance / values.Count);
    }
}

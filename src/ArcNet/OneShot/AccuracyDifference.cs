namespace ArcNet.OneShot;

/// <summary>The difference of two methods' accuracies on the same trials: <see cref="OneShotEvaluation.DifferenceFrom"/>.</summary>
/// <param name="Difference">Accuracy minus the baseline's accuracy, as a share (0.01 is one percentage point).</param>
/// <param name="ConfidenceHalfWidth">Half-width of the difference's 95 % confidence interval, over paired trials.</param>
/// <param name="Trials">Trials compared.</param>
public sealed record AccuracyDifference(double Difference, double ConfidenceHalfWidth, int Trials)
{
    /// <summary>Whether the 95 % interval of the difference excludes zero.</summary>
    public bool IsSignificant => Math.Abs(Difference) > ConfidenceHalfWidth;
}

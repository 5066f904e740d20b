namespace ArcNet.Training;

/// <summary>How the learning rate moves over a training budget.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate from the first step to the last.</summary>
    Constant,

    /// <summary>
    /// A linear warm-up from a tenth of the rate over the first 3 % of the budget, then a cosine decay to 2 % of
    /// the rate at the end of it. The budget is the step limit or the time budget, whichever runs out first, so a
    /// run of any length ends on small, careful steps.
    /// </summary>
    WarmupCosine,
}

/// <summary>The learning-rate factor of a schedule at a point of the budget.</summary>
internal static class LearningRateFactor
{
    internal const double WarmupFraction = 0.03;
    internal const double WarmupStart = 0.1;
    internal const double FinalFactor = 0.02;

    /// <summary>The factor by which the base rate is multiplied when <paramref name="progress"/> (0 to 1) of the budget is used.</summary>
    internal static double At(LearningRateSchedule schedule, double progress)
    {
        if (schedule == LearningRateSchedule.Constant)
            return 1;
        progress = Math.Clamp(progress, 0, 1);
        if (progress < WarmupFraction)
            return WarmupStart + (1 - WarmupStart) * progress / WarmupFraction;
        double decay = (progress - WarmupFraction) / (1 - WarmupFraction);
        return FinalFactor + (1 - FinalFactor) * 0.5 * (1 + Math.Cos(Math.PI * decay));
    }
}

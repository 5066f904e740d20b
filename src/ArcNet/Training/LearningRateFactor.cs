namespace ArcNet.Training;

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

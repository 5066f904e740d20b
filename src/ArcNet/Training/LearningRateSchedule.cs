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

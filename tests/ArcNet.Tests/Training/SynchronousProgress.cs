using ArcNet.Training;

namespace ArcNet.Tests.Training;

/// <summary>Reports on the training thread, unlike <see cref="Progress{T}"/>, so whatever it collects is complete when Run returns.</summary>
public sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}

namespace ArcNet.Training;

/// <summary>One row of the training curves: the recent training averages and the validation scores at one validation.</summary>
/// <param name="Step">The step the validation ran at.</param>
/// <param name="TrainLoss">Recent average training loss, as reported in <see cref="TrainingProgress.Loss"/>.</param>
/// <param name="TrainAccuracy">Recent average training accuracy, as reported in <see cref="TrainingProgress.Accuracy"/>.</param>
/// <param name="ValidationLoss">Mean loss on the fixed validation pairs.</param>
/// <param name="ValidationAccuracy">Accuracy on the fixed validation pairs.</param>
internal sealed record TrainingCurvePoint(int Step, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy);

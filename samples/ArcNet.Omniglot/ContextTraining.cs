using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.OneShot;
using ArcNet.Training;
using Spectre.Console;

namespace ArcNet.Omniglot;

/// <summary>Second-stage training as the sample does it: a Full Context ARC on a frozen comparator, with the live display.</summary>
internal static class ContextTraining
{
    internal static FullContextArc Train(ArcComparator comparator, ImageSubset background, FullContextTrainingOptions options)
    {
        var network = comparator.Network as ArcNetwork
            ?? throw new ArgumentException($"The comparator is a {comparator.Options}, which has no controller states for Full Context ARC to read; give an ARC model.");
        var context = new FullContextArc(network.Options.HiddenSize, comparator.Device, seed: options.Seed);
        try
        {
            using var trainer = new FullContextTrainer(comparator, context, background, options);
            AnsiConsole.MarkupLine($"Training Full Context ARC on {background.Classes.Count} classes: {options.TrialsPerBatch} trials of {options.Ways}-way a step, lr {options.LearningRate:g3}.");
            var result = TrainingDisplay.Run(trainer.Run);
            AnsiConsole.MarkupLine($"Stopped after {result.Steps} steps ({result.StopReason}) in {result.Elapsed:h\\:mm\\:ss}.");
            return context;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }
}

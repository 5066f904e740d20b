using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.OneShot;
using ArcNet.Training;
using Spectre.Console;

namespace ArcNet.Omniglot;

/// <summary>
/// Second-stage training as the sample does it: a Full Context ARC on a frozen comparator, trained on every drawing of
/// the training alphabets and validated on trials from the drawers the comparator validated on (<see cref="ImageSplit.ByInstance"/>),
/// with the live display.
/// </summary>
/// <remarks>
/// The context model trains on the validation drawers too: what it learns best from is how the comparator rates images
/// it never trained on, as at test time: trained on drawers 1-16 alone, it gained +0.2 and +0.4 points (± 0.2) on the
/// held-out alphabets over the hour-long and the 20-minute default, where on every drawer it gained +0.5 and +0.6. So its
/// validation guards the run and keeps its best weights; the held-out alphabets, not the validation, say what it adds.
/// </remarks>
internal static class ContextTraining
{
    internal static FullContextArc Train(ArcComparator comparator, ImageSubset background, FullContextTrainingOptions options)
    {
        var network = comparator.Network as ArcNetwork
            ?? throw new ArgumentException($"The comparator is a {comparator.Options}, which has no controller states for Full Context ARC to read; give an ARC model.");
        var (_, validation) = ImageSplit.ByInstance(background);
        var context = new FullContextArc(network.Options.HiddenSize, comparator.Device, seed: options.Seed);
        try
        {
            using var trainer = new FullContextTrainer(comparator, context, background, validation, options);
            AnsiConsole.MarkupLine($"Training Full Context ARC on {background.Count} images ({background.Classes.Count} classes): {options.TrialsPerBatch} trials of {options.Ways}-way a step, " +
                                   $"lr {options.LearningRate:g3}; validating on {options.ValidationTrials} trials from {validation.Count} of them, which the comparator did not train on.");
            var result = TrainingDisplay.Run(trainer.Run);
            var (start, best) = (trainer.Validations[0], result.BestValidation!);
            AnsiConsole.MarkupLine($"Stopped after {result.Steps} steps ({result.StopReason}) in {result.Elapsed:h\\:mm\\:ss}. Validation accuracy {start.Accuracy:P1} at the start " +
                                   $"(the naive method's), {best.Accuracy:P1} kept from step {best.Step} (loss {start.Loss:0.000} to {best.Loss:0.000}).");
            return context;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }
}

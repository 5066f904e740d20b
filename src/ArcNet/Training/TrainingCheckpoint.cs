using ArcNet.Data;
using ArcNet.IO;
using ArcNet.Modules;
using TorchSharp.Modules;

namespace ArcNet.Training;

/// <summary>
/// A resumable snapshot of training: the comparator's options and current weights, the best weights so far,
/// Adam's moments and the step counters, in ArcNet's model file format (so it is written atomically and
/// checked on load like a model).
/// </summary>
internal static class TrainingCheckpoint
{
    internal static readonly ModelFileKind FileKind = new("arc-training-checkpoint", "training checkpoint", nameof(ArcTrainer),
        "Resume from the <file>.checkpoint a training run keeps beside its model, not from the model itself.");

    /// <summary>
    /// Counters and settings stored beside the weights. Its property names are the file's JSON: never rename them.
    /// <paramref name="LowestLoss"/> is the lowest validation loss so far, which <paramref name="Best"/> may tie rather
    /// than equal; checkpoints written before it existed lack it, and then the best is the lowest.
    /// </summary>
    internal sealed record State(ComparatorOptions Options, double PixelMean, int Step, ValidationScore? Best, double? LowestLoss = null);

    internal static void Write(string path, State state, ComparatorNetwork current, ComparatorNetwork best, OptimizerHelper optimizer, Func<string, Stream>? open = null) =>
        ModelFile.Write(path, FileKind, state, writer =>
        {
            current.save(writer);
            best.save(writer);
            optimizer.save_state_dict(writer);
        }, open);

    /// <summary>Reads the counters of <paramref name="path"/> and loads its weights and optimizer state into the given objects.</summary>
    internal static State Read(string path, ComparatorOptions expectedOptions, ComparatorNetwork current, ComparatorNetwork best, OptimizerHelper optimizer)
    {
        var (state, payload) = ModelFile.Read<State>(path, FileKind, saved =>
        {
            ImageDecoder.CheckMeanPixel(saved.PixelMean, nameof(State.PixelMean));
            ArgumentOutOfRangeException.ThrowIfNegative(saved.Step, nameof(State.Step));
        });
        if (state.Options != expectedOptions)
            throw new InvalidDataException(
                $"'{path}' was written for a different model ({Differences(state.Options, expectedOptions)}); resume with the same settings or start a new run.");

        ModelFile.ReadPayload(payload, path, reader =>
        {
            current.load(reader, strict: true);
            best.load(reader, strict: true);
            optimizer.load_state_dict(reader);
        });
        return state;
    }

    /// <summary>
    /// "HiddenSize 32 in the checkpoint, 16 now; ...": the settings that differ, not two long records to compare by eye;
    /// or the two models, when they are different models.
    /// </summary>
    private static string Differences(ComparatorOptions saved, ComparatorOptions now) => saved.GetType() != now.GetType()
        ? $"{saved} in the checkpoint, {now} now"
        : string.Join("; ", now.GetType().GetProperties()
            .Where(p => p.CanWrite && !Equals(p.GetValue(saved), p.GetValue(now)))
            .Select(p => $"{p.Name} {p.GetValue(saved)} in the checkpoint, {p.GetValue(now)} now"));
}

using ArcNet.IO;
using ArcNet.Modules;
using ArcNet.Runtime;
using static TorchSharp.torch;

namespace ArcNet.OneShot;

/// <summary>
/// Full Context ARC (Shyam et al., 2017, section 4.2): a bidirectional LSTM over the relative representations
/// h_T(support_k, query) that a frozen comparator makes for every support image, giving one score per support and a
/// softmax over the set. Trained in a second stage with <see cref="Training.FullContextTrainer"/>; used through
/// <see cref="OneShotClassifier"/>. It owns native memory: dispose it.
/// </summary>
public sealed class FullContextArc : IDisposable
{
    internal static readonly ModelFileKind FileKind = new("arc-full-context", "Full Context ARC model", nameof(FullContextArc),
        "Train one with train-context and load the file it writes.");

    private readonly PersistentModule<FullContextNetwork> _network;

    /// <summary>A freshly initialised context model for comparators with <paramref name="representationSize"/> hidden units.</summary>
    /// <param name="representationSize">The comparator's <see cref="ArcOptions.HiddenSize"/>.</param>
    /// <param name="device">Where it lives; <c>null</c> means the CPU. Use the comparator's device.</param>
    /// <param name="seed">When given, seeds TorchSharp's global generator first.</param>
    public FullContextArc(int representationSize, Device? device = null, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(representationSize, 1);
        RepresentationSize = representationSize;
        _network = new PersistentModule<FullContextNetwork>(() => new FullContextNetwork(representationSize), device, seed, typeof(FullContextArc));
    }

    /// <summary>Size of the representations it reads: the hidden size of the comparator it was trained with.</summary>
    public int RepresentationSize { get; }

    /// <summary>The device holding the weights.</summary>
    public Device Device => _network.Device;

    /// <summary>The TorchSharp module the context model runs; it is disposed with the context model.</summary>
    public FullContextNetwork Network => _network.Module;

    /// <summary>Writes the context model to one self-describing file, atomically.</summary>
    public void Save(string path) => _network.Save(path, FileKind, new SavedSettings(RepresentationSize));

    /// <summary>Restores a context model written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not a context model, or from a newer format.</exception>
    public static FullContextArc Load(string path, Device? device = null)
    {
        var (settings, weights) = ModelFile.Read<SavedSettings>(path, FileKind,
            saved => ArgumentOutOfRangeException.ThrowIfLessThan(saved.RepresentationSize, 1, nameof(RepresentationSize)));
        var context = new FullContextArc(settings.RepresentationSize, device);
        return context._network.Restore(context, weights, path);
    }

    /// <summary>Throws when this context model cannot read <paramref name="comparator"/>'s representations.</summary>
    internal void CheckCompatible(ArcComparator comparator)
    {
        if (comparator.Options.HiddenSize != RepresentationSize)
            throw new ArgumentException($"The context model reads {RepresentationSize}-unit representations but the comparator makes {comparator.Options.HiddenSize}; " +
                                        "use the comparator it was trained with.", nameof(comparator));
        if (!DeviceChoice.Same(comparator.Device, Device))
            throw new ArgumentException($"The context model is on {Device} but the comparator on {comparator.Device}; load both on one device.", nameof(comparator));
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    /// <summary>What a model file holds besides the weights. Its property names are the file's JSON: never rename them.</summary>
    private sealed record SavedSettings(int RepresentationSize);
}

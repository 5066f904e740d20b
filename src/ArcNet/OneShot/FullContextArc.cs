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
    /// <param name="residual">
    /// The residual form (the default): it also reads each pair's similarity logit and learns a correction to it, so it
    /// starts where the naive method is. <c>false</c> gives the paper's form, which scores h_T alone.
    /// </param>
    public FullContextArc(int representationSize, Device? device = null, int? seed = null, bool residual = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(representationSize, 1);
        RepresentationSize = representationSize;
        Residual = residual;
        _network = new PersistentModule<FullContextNetwork>(() => new FullContextNetwork(representationSize, residual), device, seed, typeof(FullContextArc));
    }

    /// <summary>Size of the representations it reads: the hidden size of the comparator it was trained with.</summary>
    public int RepresentationSize { get; }

    /// <summary>Whether it corrects the comparator's similarity logits (see <see cref="FullContextNetwork"/>) rather than scoring h_T alone.</summary>
    public bool Residual { get; }

    /// <summary>The device holding the weights.</summary>
    public Device Device => _network.Device;

    /// <summary>The TorchSharp module the context model runs; it is disposed with the context model.</summary>
    public FullContextNetwork Network => _network.Module;

    /// <summary>Writes the context model to one self-describing file, atomically.</summary>
    public void Save(string path) => _network.Save(path, FileKind, new SavedSettings(RepresentationSize, Residual));

    /// <summary>Restores a context model written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not a context model, or from a newer format.</exception>
    public static FullContextArc Load(string path, Device? device = null)
    {
        var (settings, weights) = ModelFile.Read<SavedSettings>(path, FileKind,
            saved => ArgumentOutOfRangeException.ThrowIfLessThan(saved.RepresentationSize, 1, nameof(RepresentationSize)));
        var context = new FullContextArc(settings.RepresentationSize, device, residual: settings.Residual);
        return context._network.Restore(context, weights, path);
    }

    /// <summary>Throws when this context model cannot read <paramref name="comparator"/>'s representations.</summary>
    internal void CheckCompatible(ArcComparator comparator)
    {
        if (comparator.Options.Architecture == ArcArchitecture.Prototypical)
            throw new ArgumentException("A prototypical network has no controller states for Full Context ARC to read; use an ARC comparator.", nameof(comparator));
        if (comparator.Options.HiddenSize != RepresentationSize)
            throw new ArgumentException($"The context model reads {RepresentationSize}-unit representations but the comparator makes {comparator.Options.HiddenSize}; " +
                                        "use the comparator it was trained with.", nameof(comparator));
        if (!DeviceChoice.Same(comparator.Device, Device))
            throw new ArgumentException($"The context model is on {Device} but the comparator on {comparator.Device}; load both on one device.", nameof(comparator));
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    /// <summary>
    /// What a model file holds besides the weights. Its property names are the file's JSON: never rename them. A file
    /// written before <paramref name="Residual"/> existed lacks it and holds the paper's form.
    /// </summary>
    private sealed record SavedSettings(int RepresentationSize, bool Residual = false);

    /// <summary>What the network reads of each pair: <see cref="ArcComparator.Relations"/> (H + 1), or h_T alone for the paper's form.</summary>
    internal Tensor Input(Tensor relations) => Residual ? relations : relations[.., .., ..^1];
}

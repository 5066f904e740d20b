using System.Text.Json;
using ArcNet.IO;
using ArcNet.Modules;
using ArcNet.Runtime;
using TorchSharp;
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
    internal const string FileKind = "arc-full-context";

    private readonly FullContextNetwork _network;
    private bool _disposed;

    /// <summary>A freshly initialised context model for comparators with <paramref name="representationSize"/> hidden units.</summary>
    /// <param name="representationSize">The comparator's <see cref="ArcOptions.HiddenSize"/>.</param>
    /// <param name="device">Where it lives; <c>null</c> means the CPU. Use the comparator's device.</param>
    /// <param name="seed">When given, seeds TorchSharp's global generator first.</param>
    public FullContextArc(int representationSize, Device? device = null, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(representationSize, 1);
        RepresentationSize = representationSize;
        Device = DeviceChoice.Resolve(device);
        _network = DeviceChoice.Build(() => new FullContextNetwork(representationSize), Device, seed);
    }

    /// <summary>Size of the representations it reads: the hidden size of the comparator it was trained with.</summary>
    public int RepresentationSize { get; }

    /// <summary>The device holding the weights.</summary>
    public Device Device { get; }

    internal FullContextNetwork Network
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _network;
        }
    }

    /// <summary>Writes the context model to one self-describing file, atomically.</summary>
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ModelFile.Write(path, FileKind, JsonSerializer.Serialize(new Metadata(RepresentationSize), ModelFile.Json), _network);
    }

    /// <summary>Restores a context model written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not a context model, or from a newer format.</exception>
    public static FullContextArc Load(string path, Device? device = null)
    {
        var contents = ModelFile.Read(path, FileKind);
        Metadata metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<Metadata>(contents.Metadata, ModelFile.Json) ?? throw new JsonException("no settings");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' has context-model settings this ArcNet cannot read: {e.Message}", e);
        }
        if (metadata.RepresentationSize < 1)
            throw new InvalidDataException($"'{path}' declares a representation size of {metadata.RepresentationSize}.");
        var context = new FullContextArc(metadata.RepresentationSize, device);
        try
        {
            ModelFile.LoadWeights(context._network, contents.Weights, path);
        }
        catch
        {
            context.Dispose();
            throw;
        }
        return context;
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
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _network.Dispose();
    }

    private sealed record Metadata(int RepresentationSize);
}

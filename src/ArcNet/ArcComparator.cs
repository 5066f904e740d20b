using System.Text.Json;
using System.Text.Json.Serialization;
using ArcNet.IO;
using ArcNet.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet;

/// <summary>
/// An Attentive Recurrent Comparator: tells how likely two images show the same thing.
/// </summary>
/// <remarks>
/// Images are single-channel float32 tensors, (B, A, A) or (B, 1, A, A), preprocessed like the training data
/// (for Omniglot: ink 1, background 0, divided by 255, <see cref="PixelMean"/> subtracted). The comparator owns
/// native memory: dispose it when done. It is not thread-safe; use one per thread.
/// </remarks>
/// <example>
/// <code>
/// using var comparator = ArcComparator.Load("omniglot.arc");
/// using var similarity = comparator.Similarity(first, second);   // (B) probabilities in [0, 1]
/// </code>
/// </example>
public sealed class ArcComparator : IDisposable
{
    internal const string FileKind = "arc-comparator";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() }, WriteIndented = false };

    private readonly ArcNetwork _network;
    private bool _disposed;

    /// <summary>Builds a freshly initialised comparator.</summary>
    /// <param name="options">The architecture; <c>null</c> means the paper's plain ARC (<c>new ArcOptions()</c>).</param>
    /// <param name="device">Where the weights and all computation live; <c>null</c> means the CPU.</param>
    /// <param name="seed">When given, seeds TorchSharp's global generator first, so the same seed gives the same weights.</param>
    /// <exception cref="ArgumentException">An option is out of range, or the device cannot be used.</exception>
    public ArcComparator(ArcOptions? options = null, Device? device = null, int? seed = null)
    {
        Options = (options ?? new ArcOptions()).Validate();
        Device = DeviceChoice.Resolve(device);
        if (seed is int s)
            manual_seed(s);
        _network = new ArcNetwork(Options);
        _network.to(Device);
        _network.eval();
    }

    /// <summary>The architecture.</summary>
    public ArcOptions Options { get; }

    /// <summary>The device holding the weights; inputs must be on it.</summary>
    public Device Device { get; }

    /// <summary>
    /// The mean pixel value subtracted from the training images (after scaling to [0, 1]); saved with the model
    /// so that images loaded later are centred the same way. 0 until a trainer sets it.
    /// </summary>
    public double PixelMean { get; set; }

    /// <summary>Number of trainable numbers in the model.</summary>
    public long ParameterCount => _network.parameters().Sum(p => p.numel());

    internal ArcNetwork Network
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _network;
        }
    }

    /// <summary>
    /// The probability that each pair (<paramref name="first"/>[i], <paramref name="second"/>[i]) shows the same thing.
    /// </summary>
    /// <param name="first">Images (B, A, A) or (B, 1, A, A), float32, on <see cref="Device"/>.</param>
    /// <param name="second">Images of the same shape.</param>
    /// <returns>A new (B) tensor of probabilities in [0, 1] on <see cref="Device"/>; dispose it when done.</returns>
    /// <exception cref="ArgumentException">Wrong rank, size, dtype or device, unequal batch sizes, or NaN/infinite values.</exception>
    public Tensor Similarity(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var (a, b) = ImageBatch.ValidatePair(first, second, Options.ImageSize, Device);
        var probabilities = Evaluating(() =>
        {
            if (!Options.AverageBothOrders)
                return _network.call(a, b).sigmoid();
            long batch = a.shape[0];
            var both = _network.call(cat(new[] { a, b }, 0), cat(new[] { b, a }, 0)).sigmoid();   // (2B)
            return (both[..(int)batch] + both[(int)batch..]) / 2;
        });
        // Copied outside inference mode, so the caller gets an ordinary tensor it may modify in place or use in autograd.
        return probabilities.clone().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Reads PNG files and prepares them as this comparator's input, the way its training data was prepared:
    /// grayscale, ink 1 on background 0 (dark ink on a light background is inverted), antialiased resize to
    /// <see cref="ArcOptions.ImageSize"/>, scaled to [0, 1], <see cref="PixelMean"/> subtracted.
    /// </summary>
    /// <returns>A new (K, 1, A, A) float32 tensor on <see cref="Device"/>, one image per path.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a decodable image of sane size.</exception>
    public Tensor ReadImages(params string[] paths)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0)
            throw new ArgumentException("Give at least one image path.", nameof(paths));
        int size = Options.ImageSize;
        var pixels = new byte[paths.Length * size * size];
        for (int i = 0; i < paths.Length; i++)
        {
            if (!File.Exists(paths[i]))
                throw new FileNotFoundException($"Image file '{paths[i]}' does not exist.", paths[i]);
            Data.OmniglotImage.Decode(File.ReadAllBytes(paths[i]), paths[i], size, pixels.AsSpan(i * size * size, size * size));
        }
        using var raw = tensor(pixels, new long[] { paths.Length, size, size });
        return Data.OmniglotImage.ToModelInput(raw, PixelMean, Device);
    }

    /// <summary>Writes the comparator (settings, pixel mean, weights, format version) to one file, atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; an existing file at <paramref name="path"/> is left intact.</exception>
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ModelFile.Write(path, FileKind, JsonSerializer.Serialize(new Metadata(Options, PixelMean), Json), _network);
    }

    /// <summary>Restores a comparator written by <see cref="Save"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="device">Where to put it; <c>null</c> means the CPU.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not an ArcNet comparator, from a newer format, or its weights do not match its settings.</exception>
    public static ArcComparator Load(string path, Device? device = null)
    {
        var contents = ModelFile.Read(path, FileKind);
        Metadata metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<Metadata>(contents.Metadata, Json)
                ?? throw new InvalidDataException($"'{path}' has no comparator settings.");
            metadata.Options.Validate();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"'{path}' has comparator settings this ArcNet cannot use: {e.Message}", e);
        }

        var comparator = new ArcComparator(metadata.Options, device) { PixelMean = metadata.PixelMean };
        try
        {
            ModelFile.LoadWeights(comparator._network, contents.Weights, path);
        }
        catch
        {
            comparator.Dispose();
            throw;
        }
        return comparator;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _network.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="compute"/> in eval mode under inference mode (no autograd records, no version counters:
    /// less work per native op than no_grad), restoring the previous mode after. Tensors it makes are inference
    /// tensors: copy one (<c>clone()</c>) before handing it to code that may modify it in place or differentiate it.
    /// </summary>
    internal T Evaluating<T>(Func<T> compute)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool wasTraining = _network.training;
        _network.eval();
        try
        {
            using var inference = inference_mode();
            return compute();
        }
        finally
        {
            _network.train(wasTraining);
        }
    }

    private sealed record Metadata(ArcOptions Options, double PixelMean);
}

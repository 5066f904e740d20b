using System.Text.Json;
using ArcNet.Guards;
using ArcNet.IO;
using ArcNet.Modules;
using ArcNet.Runtime;
using ArcNet.Visualization;
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

    private readonly ArcNetwork _network;
    private bool _disposed;

    /// <summary>Builds a freshly initialised comparator.</summary>
    /// <param name="options">The architecture; <c>null</c> means the paper's plain ARC (<c>new ArcOptions()</c>).</param>
    /// <param name="device">Where the weights and all computation live; <c>null</c> means the CPU.</param>
    /// <param name="seed">
    /// When given, seeds TorchSharp's global generator first, so the same seed gives the same weights. The generator is
    /// process-wide: random numbers drawn on other threads during construction change the result.
    /// </param>
    /// <exception cref="ArgumentException">An option is out of range, or the device cannot be used.</exception>
    public ArcComparator(ArcOptions? options = null, Device? device = null, int? seed = null)
    {
        Options = (options ?? new ArcOptions()).Validate();
        Device = DeviceChoice.Resolve(device);
        _network = DeviceChoice.Build(() => new ArcNetwork(Options), Device, seed);
    }

    /// <summary>The architecture.</summary>
    public ArcOptions Options { get; }

    /// <summary>The device holding the weights; inputs must be on it.</summary>
    public Device Device { get; }

    /// <summary>
    /// The mean pixel value subtracted from the training images (after scaling to [0, 1]); saved with the model
    /// so that images loaded later are centred the same way. 0 until a trainer sets it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1].</exception>
    public double PixelMean
    {
        get => _pixelMean;
        set
        {
            Data.OmniglotImage.CheckMeanPixel(value, nameof(value));
            _pixelMean = value;
        }
    }

    private double _pixelMean;

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
        var probabilities = Inferring(() =>
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
    /// Compares one pair while recording every step of the controller: which image it read, where its window was,
    /// what it saw and which pixels it weighed. Draw the result with <see cref="TraceRenderer"/>.
    /// </summary>
    /// <param name="first">One image, (A, A), (1, A, A) or (1, 1, A, A), float32, on <see cref="Device"/>.</param>
    /// <param name="second">The image to compare it with, shaped likewise.</param>
    /// <returns>A trace holding managed copies only: nothing to dispose.</returns>
    /// <exception cref="ArgumentException">Not exactly one image each, or wrong size, dtype or device, or NaN/infinite values.</exception>
    public ComparisonTrace Trace(Tensor first, Tensor second)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        var a = OneImage(first, nameof(first));
        var b = OneImage(second, nameof(second));
        return Evaluating(() => TraceRecorder.Record(_network, a, b));
    }

    /// <summary>
    /// Reads PNG files and prepares them as this comparator's input, the way its training data was prepared:
    /// grayscale, ink 1 on background 0 (dark ink on a light background is inverted), antialiased resize to
    /// <see cref="ArcOptions.ImageSize"/>, scaled to [0, 1], <see cref="PixelMean"/> subtracted.
    /// </summary>
    /// <returns>A new (K, 1, A, A) float32 tensor on <see cref="Device"/>, one image per path.</returns>
    /// <param name="paths">PNG files, one image each.</param>
    /// <exception cref="ArgumentException">No path, or a null or blank one.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a sound PNG of sane size.</exception>
    public Tensor ReadImages(params string[] paths)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0)
            throw new ArgumentException("Give at least one image path.", nameof(paths));
        for (int i = 0; i < paths.Length; i++)
            if (string.IsNullOrWhiteSpace(paths[i]))
                throw new ArgumentException($"paths[{i}] is {(paths[i] is null ? "null" : "blank")}; give the path of a PNG file.", nameof(paths));
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
    public void Save(string path) => Save(path, open: null);

    /// <summary><see cref="Save(string)"/> with the temporary file opened by <paramref name="open"/>: a test seam for failing streams.</summary>
    internal void Save(string path, Func<string, Stream>? open)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ModelFile.Write(path, FileKind, JsonSerializer.Serialize(new Metadata(Options, PixelMean), ModelFile.Json), _network, open);
    }

    /// <summary>Restores a comparator written by <see cref="Save(string)"/>.</summary>
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
            metadata = JsonSerializer.Deserialize<Metadata>(contents.Metadata, ModelFile.Json)
                ?? throw new InvalidDataException($"'{path}' has no comparator settings.");
            metadata.Options.Validate();
            Data.OmniglotImage.CheckMeanPixel(metadata.PixelMean, nameof(PixelMean));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"'{path}' has comparator settings this ArcNet cannot read: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' has a comparator setting out of range: {e.Message} The file was edited or damaged after it was written; restore it or retrain.", e);
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
    /// h_T (P, H) for validated pairs (P, 1, A, A), in eval mode under inference mode, in batches of
    /// <see cref="PairsPerBatch"/> pairs so memory stays bounded however many pairs are asked for. Returned as an
    /// ordinary tensor (copied out of inference mode): the context trainer feeds it to autograd.
    /// </summary>
    internal Tensor Represent(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var representation = Batched(first, second, (a, b) => Inferring(() => _network.Represent(a, b)));
        return representation.clone().MoveToOuterDisposeScope();
    }

    /// <summary>Pairs per forward pass in bulk comparisons: large enough to keep the CPU busy, small enough to bound memory.</summary>
    internal const int PairsPerBatch = 2048;

    /// <summary>Applies <paramref name="compute"/> to consecutive slices of the pairs and concatenates the results.</summary>
    internal static Tensor Batched(Tensor first, Tensor second, Func<Tensor, Tensor, Tensor> compute)
    {
        long pairs = first.shape[0];
        if (pairs <= PairsPerBatch)
            return compute(first, second);
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < pairs; start += PairsPerBatch)
        {
            long end = Math.Min(pairs, start + PairsPerBatch);
            parts.Add(compute(first.narrow(0, start, end - start), second.narrow(0, start, end - start)));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Runs <paramref name="compute"/> in eval mode without gradients, restoring the previous mode after.</summary>
    internal T Evaluating<T>(Func<T> compute) => InEvalMode(compute, inferenceMode: false);

    /// <summary>
    /// Like <see cref="Evaluating{T}"/> but under inference mode (no autograd records, no version counters: less work
    /// per native op than no_grad), for the hot inference paths. Tensors it makes are inference tensors: copy one
    /// (<c>clone()</c>) before handing it to code that may modify it in place or differentiate through it.
    /// </summary>
    internal T Inferring<T>(Func<T> compute) => InEvalMode(compute, inferenceMode: true);

    private T InEvalMode<T>(Func<T> compute, bool inferenceMode)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool wasTraining = _network.training;
        _network.eval();
        try
        {
            using IDisposable guard = inferenceMode ? inference_mode() : no_grad();
            return compute();
        }
        finally
        {
            _network.train(wasTraining);
        }
    }
    /// <summary>Validates a single image given with or without batch and channel axes and returns it as (1, 1, A, A).</summary>
    private Tensor OneImage(Tensor? image, string name)
    {
        var batch = ImageBatch.Validate(image is { IsInvalid: false } && image.dim() == 2 ? image.unsqueeze(0) : image, name, Options.ImageSize, Device);
        if (batch.shape[0] != 1)
            throw new ArgumentException($"'{name}' holds {batch.shape[0]} images; a trace follows one pair, so give one image each, shaped ({Options.ImageSize}, {Options.ImageSize}).", name);
        return batch;
    }

    private sealed record Metadata(ArcOptions Options, double PixelMean);
}

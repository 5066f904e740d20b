using ArcNet.Data;
using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The frozen trunk's features of every training image, computed once, so that a frozen-trunk step costs only the
/// controller. With augmentation each image is cached in several views: view v is flipped by the pattern v mod 4
/// (bit 0 horizontal, bit 1 vertical) and, beyond the first four, moved by a random affine transform. Two views with
/// the same flip pattern show one character; other patterns are new characters, as in pair augmentation.
/// </summary>
internal sealed class FeatureCache : IDisposable
{
    internal const int FlipPatterns = 4;
    private const int ImagesPerPass = 256;

    private readonly Dictionary<int, int> _rowOf;   // dataset image index -> first row of its views
    private readonly Tensor _maps;                  // (N * V, C, S, S)
    private readonly Tensor? _embeddings;           // (N * V, D)
    private readonly Random _views;

    /// <summary>
    /// Encodes every image of <paramref name="images"/> with <paramref name="network"/>'s trunk, in eval mode, in
    /// <paramref name="views"/> views made by <paramref name="augmentation"/> (one view without augmentation), on
    /// <paramref name="device"/>, centred by <paramref name="meanPixel"/>. <paramref name="seed"/> seeds the choice of
    /// views in <see cref="Episode"/>.
    /// </summary>
    internal FeatureCache(ArcNetwork network, ImageSubset images, double meanPixel, PairAugmentation augmentation, int views, Device device, int seed)
    {
        _views = new Random(seed);
        Views = augmentation.Strength > 0 ? Math.Max(FlipPatterns, views - views % FlipPatterns) : 1;
        var indices = images.Indices.ToArray();
        _rowOf = indices.Select((image, position) => (image, position)).ToDictionary(p => p.image, p => p.position * Views);

        var trunk = network.Trunk ?? throw new InvalidOperationException("Plain ARC has no trunk to freeze.");
        bool wasTraining = trunk.training;
        trunk.eval();
        var maps = new List<Tensor>();
        var embeddings = new List<Tensor>();
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < indices.Length; start += ImagesPerPass)
            {
                using var scope = NewDisposeScope();
                var batch = images.Dataset.Images(indices[start..Math.Min(indices.Length, start + ImagesPerPass)], device, meanPixel);
                var perView = new List<Encoding>();
                for (int v = 0; v < Views; v++)
                {
                    var view = Views == 1 ? batch : augmentation.View(batch, (v & 1) != 0, (v & 2) != 0, affine: v >= FlipPatterns);
                    perView.Add(network.Features(view));
                }
                // Rows image-major: image i's views are rows i * V .. i * V + V - 1.
                maps.Add(stack(perView.Select(e => e.Maps).ToArray(), 1).flatten(0, 1).MoveToOuterDisposeScope());
                if (perView[0].Embedding is not null)
                    embeddings.Add(stack(perView.Select(e => e.Embedding!).ToArray(), 1).flatten(0, 1).MoveToOuterDisposeScope());
            }
            _maps = cat(maps, 0);
            _embeddings = embeddings.Count > 0 ? cat(embeddings, 0) : null;
        }
        finally
        {
            trunk.train(wasTraining);
            foreach (var t in maps.Concat(embeddings))
                t.Dispose();
        }
    }

    /// <summary>Views cached per image.</summary>
    internal int Views { get; }

    /// <summary>
    /// The cached features of an episode's drawings (dataset indices; Q queries per support, character-major), each in a
    /// random view: a character's drawings share a flip pattern, so that it stays one character.
    /// </summary>
    internal (Encoding Support, Encoding Queries) Episode(int[] support, int[] queries)
    {
        var supportViews = new int[support.Length];
        var queryViews = new int[queries.Length];
        int patterns = Math.Min(Views, FlipPatterns), affines = Views / patterns, perCharacter = queries.Length / support.Length;
        for (int k = 0; k < support.Length; k++)
        {
            int pattern = _views.Next(patterns);
            supportViews[k] = pattern + patterns * _views.Next(affines);
            for (int q = k * perCharacter; q < (k + 1) * perCharacter; q++)
                queryViews[q] = pattern + patterns * _views.Next(affines);
        }
        return (Get(support, supportViews), Get(queries, queryViews));
    }

    /// <summary>The cached features of <paramref name="images"/> (dataset indices), each in its given view.</summary>
    internal Encoding Get(int[] images, int[] views)
    {
        var rows = new long[images.Length];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = _rowOf[images[i]] + views[i];
        var index = tensor(rows, device: _maps.device);
        return new Encoding(_maps.index_select(0, index), _embeddings?.index_select(0, index));
    }

    public void Dispose()
    {
        _maps.Dispose();
        _embeddings?.Dispose();
    }
}

using System.IO.Compression;
using ArcNet.Data;

namespace ArcNet.Tests.Data;

/// <summary>
/// The two small background archives copied next to the tests, and one dataset loaded from both, shared by
/// the data tests so the archives are decoded once.
/// </summary>
public sealed class OmniglotTestData : IDisposable
{
    public OmniglotTestData() => Union = ImageDataset.Load([Small1, Small2]);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "Omniglot");
    public static string Small1 => Path.Combine(Folder, "images_background_small1.zip");
    public static string Small2 => Path.Combine(Folder, "images_background_small2.zip");

    public ImageDataset Union { get; }

    public void Dispose() => Union.Dispose();

    /// <summary>The encoded PNG of <paramref name="imageName"/> (Alphabet/characterNN/file.png) from the first small archive.</summary>
    public static byte[] Png(string imageName) => Small1Pngs.Value[imageName].ToArray();

    /// <summary>The names of the first small archive's PNGs (Alphabet/characterNN/file.png), in ordinal order.</summary>
    public static IEnumerable<string> PngNames => Small1Pngs.Value.Keys;

    /// <summary>Every PNG of the first small archive by name, read once: many tests build their files from them.</summary>
    private static readonly Lazy<SortedDictionary<string, byte[]>> Small1Pngs = new(() =>
    {
        const string prefix = "images_background_small1/";
        using var zip = ZipFile.OpenRead(Small1);
        var pngs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && e.FullName.EndsWith(".png", StringComparison.Ordinal)))
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            pngs[entry.FullName[prefix.Length..]] = copy.ToArray();
        }
        return pngs;
    });

    /// <summary>
    /// Writes run <paramref name="run"/> under <paramref name="root"/> in Lake's layout: class KK is the archive image
    /// <paramref name="support"/>[K-1], item KK is <paramref name="queries"/>[K-1], and the labels say item KK shows
    /// class <paramref name="answers"/>[K-1] + 1, unless <paramref name="labelLines"/> replaces them.
    /// </summary>
    public static void WriteLakeRun(string root, string run, string[] support, string[] queries, int[] answers, IEnumerable<string>? labelLines = null)
    {
        Directory.CreateDirectory(Path.Combine(root, run, "training"));
        Directory.CreateDirectory(Path.Combine(root, run, "test"));
        for (int k = 0; k < support.Length; k++)
            File.WriteAllBytes(Path.Combine(root, run, "training", $"class{k + 1:D2}.png"), Png(support[k]));
        for (int q = 0; q < queries.Length; q++)
            File.WriteAllBytes(Path.Combine(root, run, "test", $"item{q + 1:D2}.png"), Png(queries[q]));
        labelLines ??= answers.Select((c, q) => $"{run}/test/item{q + 1:D2}.png {run}/training/class{c + 1:D2}.png");
        File.WriteAllLines(Path.Combine(root, run, "class_labels.txt"), labelLines);
    }

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string TempFolder() => Directory.CreateTempSubdirectory("arcnet-data-test-").FullName;
}

/// <summary>Test classes in this collection share one <see cref="OmniglotTestData"/>, so the archives are decoded once for all of them.</summary>
[Xunit.CollectionDefinition(Name)]
public sealed class OmniglotCollection : Xunit.ICollectionFixture<OmniglotTestData>
{
    public const string Name = "Omniglot";
}

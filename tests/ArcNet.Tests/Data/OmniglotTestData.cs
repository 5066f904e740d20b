using System.IO.Compression;
using ArcNet.Data;

namespace ArcNet.Tests.Data;

/// <summary>
/// The two small background archives copied next to the tests, and one dataset loaded from both, shared by
/// the data tests so the archives are decoded once.
/// </summary>
public sealed class OmniglotTestData : IDisposable
{
    public OmniglotTestData() => Union = OmniglotDataset.Load([Small1, Small2]);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "Omniglot");
    public static string Small1 => Path.Combine(Folder, "images_background_small1.zip");
    public static string Small2 => Path.Combine(Folder, "images_background_small2.zip");

    public OmniglotDataset Union { get; }

    public void Dispose() => Union.Dispose();

    /// <summary>The encoded PNG of <paramref name="imageName"/> (Alphabet/characterNN/file.png) from the first small archive.</summary>
    public static byte[] Png(string imageName)
    {
        using var zip = ZipFile.OpenRead(Small1);
        using var entry = zip.GetEntry("images_background_small1/" + imageName)!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string TempFolder() => Directory.CreateTempSubdirectory("arcnet-data-test-").FullName;
}

/// <summary>Test classes in this collection share one <see cref="OmniglotTestData"/>, so the archives are decoded once per run.</summary>
[Xunit.CollectionDefinition(Name)]
public sealed class OmniglotCollection : Xunit.ICollectionFixture<OmniglotTestData>
{
    public const string Name = "Omniglot";
}

using ArcNet.Data;

namespace ArcNet.Tests.Data;

/// <summary>The two small background archives copied next to the tests, and one dataset loaded from both, shared by the data tests.</summary>
public sealed class OmniglotTestData : IDisposable
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "Omniglot");
    public static string Small1 => Path.Combine(Folder, "images_background_small1.zip");
    public static string Small2 => Path.Combine(Folder, "images_background_small2.zip");

    public OmniglotTestData() => Union = OmniglotDataset.Load([Small1, Small2]);

    public OmniglotDataset Union { get; }

    public void Dispose() => Union.Dispose();
}

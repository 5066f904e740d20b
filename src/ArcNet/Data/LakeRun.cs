using static TorchSharp.torch;

namespace ArcNet.Data;

/// <summary>
/// One run of Lake's 20-way one-shot benchmark: support images (one per class), query images, and the
/// correct support image of each query. Owned by <see cref="LakeRuns"/>, which frees its tensors.
/// </summary>
internal sealed class LakeRun
{
    internal LakeRun(string name, Tensor support, Tensor queries, int[] answers, string[] supportFiles)
    {
        Name = name;
        Support = support;
        Queries = queries;
        _answers = answers;
        SupportFiles = supportFiles;
    }

    private readonly int[] _answers;

    /// <summary>The run's folder name, e.g. <c>run01</c>.</summary>
    public string Name { get; }

    /// <summary>Support images float (S, 1, A, A) in ordinal file order (<c>class01</c> .. <c>class20</c>), preprocessed like the dataset.</summary>
    public Tensor Support { get; }

    /// <summary>Query images float (Q, 1, A, A) in ordinal file order (<c>item01</c> .. <c>item20</c>), preprocessed like the dataset.</summary>
    public Tensor Queries { get; }

    /// <summary>For each query, the index into <see cref="Support"/> of its correct support image.</summary>
    public IReadOnlyList<int> CorrectSupport => _answers;

    /// <summary>Support file names, in the order of <see cref="Support"/>.</summary>
    public IReadOnlyList<string> SupportFiles { get; }
}

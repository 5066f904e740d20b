namespace ArcNet.IO;

/// <summary>
/// One kind of model file, as its owner describes it to <see cref="ModelFile"/>: the name written into the file, and
/// the words a user is told when a file is not what they opened it as.
/// </summary>
/// <param name="Name">Written into every file of the kind and checked on load; never change it, or older files stop loading.</param>
/// <param name="Noun">What a user calls the file, such as "comparator"; messages speak of its settings as "comparator settings".</param>
/// <param name="Type">The ArcNet type that reads it, named beside the noun when a file of another kind is opened as this one.</param>
/// <param name="Advice">Where to find a file of this kind, said when one of another kind was given instead.</param>
internal sealed record ModelFileKind(string Name, string Noun, string Type, string Advice)
{
    /// <summary>"comparator (ArcComparator)".</summary>
    internal string Description => $"{Noun} ({Type})";
}

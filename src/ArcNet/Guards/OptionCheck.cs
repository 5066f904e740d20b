namespace ArcNet.Guards;

/// <summary>The one way option records report a setting out of range: "Type.Property problem.", naming the property.</summary>
internal static class OptionCheck
{
    internal static void Require(bool condition, string type, string property, string problem)
    {
        if (!condition)
            throw new ArgumentException($"{type}.{property} {problem}.", property);
    }
}

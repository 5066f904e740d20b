using ArcNet;
using ArcNet.Data;
using ArcNet.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

/// <summary>ARC read in both orders with one new head over both final states: a comparator symmetric by construction.</summary>
public sealed class SymmetricArc : nn.Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "arc")] private readonly ArcNetwork _arc;
    [ComponentName(Name = "head")] private readonly Linear _head;

    public SymmetricArc(PlainArcOptions options) : base(nameof(SymmetricArc))
    {
        _arc = ArcNetwork.PlainArc(options);
        _head = nn.Linear(2 * options.HiddenSize, 1);
        RegisterComponents();
    }

    public ArcNetwork Arc => _arc;

    /// <summary>Images (B, 1, A, A) twice -> logits (B).</summary>
    public override Tensor forward(Tensor first, Tensor second)
    {
        var both = cat([_arc.Represent(first, second), _arc.Represent(second, first)], 1);   // (B, 2H)
        return _head.call(both).squeeze(-1);
    }

    /// <summary>Trains with an ordinary TorchSharp loop on Omniglot pairs, half of them two drawings of one character.</summary>
    public double Train(ImageDataset data, int steps, int batchSize = 32, int seed = 0)
    {
        var random = new Random(seed);
        using var optimizer = optim.Adam(parameters(), 1e-3);
        train();
        double loss = double.NaN;
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var (first, second, same) = Pairs(data, batchSize, random);
            optimizer.zero_grad();
            var batchLoss = nn.functional.binary_cross_entropy_with_logits(call(first, second), same);
            batchLoss.backward();
            optimizer.step();
            loss = batchLoss.item<float>();
        }
        eval();
        return loss;
    }

    private static (Tensor First, Tensor Second, Tensor Same) Pairs(ImageDataset data, int count, Random random)
    {
        var first = new int[count];
        var second = new int[count];
        var same = new float[count];
        for (int i = 0; i < count; i++)
        {
            bool match = i % 2 == 0;
            first[i] = random.Next(data.Count);
            do second[i] = random.Next(data.Count);
            while (second[i] == first[i] || (data.ClassOf[second[i]] == data.ClassOf[first[i]]) != match);
            same[i] = match ? 1 : 0;
        }
        return (data.Images(first), data.Images(second), tensor(same));   // (B, 1, A, A) twice, (B)
    }
}

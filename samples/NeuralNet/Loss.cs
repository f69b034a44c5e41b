using AutoDiff;
using static AutoDiff.Activity;

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>The training loss; its gradient with respect to every weight is woven.</summary>
    public static partial class Loss
    {
        /// <summary>
        /// The mean softmax cross-entropy over the mini-batch order[start .. start + count). The
        /// derivative adds ∂loss/∂weight into a second network of the same shape (zero it first).
        /// </summary>
        /// <remarks>
        /// Written as a user would, with the weights in the network object. The weaver reads arrays
        /// in the fields of a parameter again in the reverse sweep when nothing in the function can
        /// make a field refer to another array (FieldContents in the weaver), and checks on entry
        /// that the shadow network does not share an array with the network.
        /// </remarks>
        [AutoDiffReverse("BatchGradient", Duplicated, Const, Const, Const, Const, Const, Active)]
        public static double Batch(Network net, double[][] inputs, int[] labels, int[] order, int start, int count)
        {
            var hidden1 = new double[net.B1.Length];
            var hidden2 = new double[net.B2.Length];
            var scores = new double[net.B3.Length];
            double total = 0;
            for (int n = start; n < start + count; n++)
            {
                int sample = order[n];
                Layers.Forward(net, inputs[sample], hidden1, hidden2, scores);
                total += Layers.CrossEntropy(scores, labels[sample]);
            }
            return total / count;
        }
    }
}

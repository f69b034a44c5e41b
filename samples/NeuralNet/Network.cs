using System;

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>
    /// A multilayer perceptron with two tanh hidden layers: inputs → hidden → hidden → class scores.
    /// Weights are matrices W[output, input]; the same class holds gradients and Adam's moments.
    /// </summary>
    public sealed class Network
    {
        public double[,] W1, W2, W3;
        public double[] B1, B2, B3;

        public Network(int inputs, int hidden, int classes)
        {
            W1 = new double[hidden, inputs];
            B1 = new double[hidden];
            W2 = new double[hidden, hidden];
            B2 = new double[hidden];
            W3 = new double[classes, hidden];
            B3 = new double[classes];
        }

        public int Inputs => W1.GetLength(1);
        public int Hidden => W1.GetLength(0);
        public int Classes => W3.GetLength(0);
        public int ParameterCount => W1.Length + B1.Length + W2.Length + B2.Length + W3.Length + B3.Length;

        /// <summary>Glorot-uniform weights, zero biases, from a seed.</summary>
        public static Network Random(int inputs, int hidden, int classes, int seed)
        {
            var net = new Network(inputs, hidden, classes);
            var random = new Random(seed);
            foreach (var w in new[] { net.W1, net.W2, net.W3 })
            {
                double limit = Math.Sqrt(6.0 / (w.GetLength(0) + w.GetLength(1)));
                for (int o = 0; o < w.GetLength(0); o++)
                    for (int i = 0; i < w.GetLength(1); i++)
                        w[o, i] = limit * (2 * random.NextDouble() - 1);
            }
            return net;
        }

        /// <summary>A network of the same shape with every number zero: a gradient, or an optimiser's moment.</summary>
        public Network ZerosLike() => new Network(Inputs, Hidden, Classes);

        public Network Clone()
        {
            var copy = ZerosLike();
            copy.CopyFrom(this);
            return copy;
        }

        public void CopyFrom(Network other)
        {
            Array.Copy(other.W1, W1, W1.Length);
            Array.Copy(other.B1, B1, B1.Length);
            Array.Copy(other.W2, W2, W2.Length);
            Array.Copy(other.B2, B2, B2.Length);
            Array.Copy(other.W3, W3, W3.Length);
            Array.Copy(other.B3, B3, B3.Length);
        }

        public void Clear()
        {
            Array.Clear(W1);
            Array.Clear(B1);
            Array.Clear(W2);
            Array.Clear(B2);
            Array.Clear(W3);
            Array.Clear(B3);
        }

        /// <summary>The largest difference between any two corresponding numbers of two networks.</summary>
        public double MaxDifference(Network other)
        {
            double worst = 0;
            void Compare(Array a, Array b)
            {
                var x = (double[])(a.Rank == 1 ? a : Flatten((double[,])a));
                var y = (double[])(b.Rank == 1 ? b : Flatten((double[,])b));
                for (int k = 0; k < x.Length; k++) worst = Math.Max(worst, Math.Abs(x[k] - y[k]));
            }
            Compare(W1, other.W1); Compare(B1, other.B1);
            Compare(W2, other.W2); Compare(B2, other.B2);
            Compare(W3, other.W3); Compare(B3, other.B3);
            return worst;
        }

        private static double[] Flatten(double[,] m)
        {
            var flat = new double[m.Length];
            Buffer.BlockCopy(m, 0, flat, 0, m.Length * sizeof(double));
            return flat;
        }
    }
}

using System;

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>Adam (Kingma and Ba, 2015) with its usual constants, over every weight of a network.</summary>
    public sealed class Adam
    {
        private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        private readonly double _learningRate;
        private readonly Network _m, _v;
        private int _steps;

        public Adam(Network shape, double learningRate)
        {
            _learningRate = learningRate;
            _m = shape.ZerosLike();
            _v = shape.ZerosLike();
        }

        public void Step(Network net, Network gradient)
        {
            _steps++;
            // Bias corrections of the two moments, folded into the step size.
            double rate = _learningRate * Math.Sqrt(1 - Math.Pow(Beta2, _steps)) / (1 - Math.Pow(Beta1, _steps));
            Update(net.W1, gradient.W1, _m.W1, _v.W1, rate);
            Update(net.B1, gradient.B1, _m.B1, _v.B1, rate);
            Update(net.W2, gradient.W2, _m.W2, _v.W2, rate);
            Update(net.B2, gradient.B2, _m.B2, _v.B2, rate);
            Update(net.W3, gradient.W3, _m.W3, _v.W3, rate);
            Update(net.B3, gradient.B3, _m.B3, _v.B3, rate);
        }

        private static void Update(double[,] p, double[,] g, double[,] m, double[,] v, double rate)
        {
            for (int o = 0; o < p.GetLength(0); o++)
                for (int i = 0; i < p.GetLength(1); i++)
                    Update(ref p[o, i], g[o, i], ref m[o, i], ref v[o, i], rate);
        }

        private static void Update(double[] p, double[] g, double[] m, double[] v, double rate)
        {
            for (int k = 0; k < p.Length; k++) Update(ref p[k], g[k], ref m[k], ref v[k], rate);
        }

        private static void Update(ref double p, double g, ref double m, ref double v, double rate)
        {
            m = Beta1 * m + (1 - Beta1) * g;
            v = Beta2 * v + (1 - Beta2) * g * g;
            p -= rate * m / (Math.Sqrt(v) + Epsilon);
        }
    }
}

using System;
using AutoDiff;
using static AutoDiff.Activity;

namespace Fixtures
{
    /// <summary>
    /// Small kernels of issue 12 ("derivatives as fast as a person writes them"), written as a
    /// user writes them: arrays, loops, <see cref="Math"/>. Each carries the reverse gradient with
    /// respect to its differentiable inputs; <see cref="KernelsManual"/> holds the same gradients
    /// written by hand, and Benchmarks/Kernels times the two against each other.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// Σ_{i=0}^{n-2} log(1 + x_i²)·sin(x_{i+1}) + x_i·x_{i+1}: a chain where every element feeds
        /// two terms, a log of one and the sine of the next.
        /// </summary>
        [AutoDiffReverse("LogSinChainGrad", Duplicated, Active)]
        public static double LogSinChain(double[] x)
        {
            double sum = 0;
            for (int i = 0; i < x.Length - 1; i++)
            {
                sum += Math.Log(1 + x[i] * x[i]) * Math.Sin(x[i + 1]) + x[i] * x[i + 1];
            }

            return sum;
        }

        /// <summary>
        /// The mean softmax cross-entropy of a linear model: row r of <paramref name="x"/>
        /// (<paramref name="features"/> wide) scored by <paramref name="w"/> (<paramref name="classes"/>
        /// rows of <paramref name="features"/>), the largest score subtracted before exp so that it
        /// cannot overflow, the loss −log softmax(scores)[label].
        /// </summary>
        [AutoDiffReverse("SoftmaxCrossEntropyGrad", Duplicated, Const, Const, Const, Const, Active)]
        public static double SoftmaxCrossEntropy(double[] w, double[] x, int[] labels, int classes, int features)
        {
            int rows = labels.Length;
            var scores = new double[classes];
            double loss = 0;
            for (int r = 0; r < rows; r++)
            {
                double max = double.NegativeInfinity;
                for (int k = 0; k < classes; k++)
                {
                    double s = 0;
                    for (int j = 0; j < features; j++)
                    {
                        s += w[k * features + j] * x[r * features + j];
                    }

                    scores[k] = s;
                    max = Math.Max(max, s);
                }

                double sum = 0;
                for (int k = 0; k < classes; k++)
                {
                    sum += Math.Exp(scores[k] - max);
                }

                loss += Math.Log(sum) - (scores[labels[r]] - max);
            }

            return loss / rows;
        }

        /// <summary>Σ_i Σ_j a_i·b_j: a double loop with nothing but a product in it.</summary>
        [AutoDiffReverse("PairProductGrad", Duplicated, Duplicated, Active)]
        public static double PairProduct(double[] a, double[] b)
        {
            double sum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                for (int j = 0; j < b.Length; j++)
                {
                    sum += a[i] * b[j];
                }
            }

            return sum;
        }

        /// <summary>Σ_i Σ_j a_i·b_j·cos(a_i − b_j): the same double loop with a cosine in it.</summary>
        [AutoDiffReverse("PairCosineGrad", Duplicated, Duplicated, Active)]
        public static double PairCosine(double[] a, double[] b)
        {
            double sum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                for (int j = 0; j < b.Length; j++)
                {
                    sum += a[i] * b[j] * Math.Cos(a[i] - b[j]);
                }
            }

            return sum;
        }

        /// <summary>
        /// A dense layer's squared error, ½ Σ_s ‖tanh(W·x_s + b) − y_s‖²: W is <paramref name="outputs"/>
        /// rows of <paramref name="inputs"/>, x holds the samples' inputs and y their targets, one row each.
        /// </summary>
        [AutoDiffReverse("DenseLayerLossGrad", Duplicated, Duplicated, Const, Const, Const, Const, Active)]
        public static double DenseLayerLoss(double[] w, double[] b, double[] x, double[] y, int inputs, int outputs)
        {
            int samples = y.Length / outputs;
            double loss = 0;
            for (int s = 0; s < samples; s++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    double z = b[o];
                    for (int i = 0; i < inputs; i++)
                    {
                        z += w[o * inputs + i] * x[s * inputs + i];
                    }

                    double e = Math.Tanh(z) - y[s * outputs + o];
                    loss += 0.5 * e * e;
                }
            }

            return loss;
        }
    }
}

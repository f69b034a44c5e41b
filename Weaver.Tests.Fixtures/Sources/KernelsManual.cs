using System;

namespace Fixtures
{
    /// <summary>
    /// The gradients of <see cref="Kernels"/> as an expert writes them by hand: the baselines the
    /// woven derivatives are timed against (Benchmarks/Kernels). Each has exactly the woven
    /// derivative's signature and contract: it returns the primal value and adds dret times the
    /// gradient into the shadows (it never overwrites them), and refuses a shadow shorter than its
    /// argument on entry, as the woven code does.
    /// <para>
    /// What "expert" means here: one pass where the math allows (the primal and the adjoints in the
    /// same loop), <see cref="Math.SinCos"/> where the sine and cosine of one argument are both
    /// needed, each shared subexpression computed once, accumulators in locals rather than in
    /// memory, no allocation inside loops, plain indexing. Scalar code, like the woven code: no
    /// <c>Vector&lt;T&gt;</c>. The loops are those of the primal as written (the double sums of
    /// <see cref="PairProductGrad"/> and <see cref="PairCosineGrad"/> also factor into single sums,
    /// Σa·Σb and (Σ a cos a)(Σ b cos b) + (Σ a sin a)(Σ b sin b); that would change the primal's
    /// algorithm, which differentiation does not do, and the objective timed beside them keeps its
    /// double loop too).
    /// </para>
    /// </summary>
    public static class KernelsManual
    {
        /// <summary>
        /// ∂/∂x_i = 2x_i/(1 + x_i²)·sin(x_{i+1}) + x_{i+1} + log(1 + x_{i-1}²)·cos(x_i) + x_{i-1}.
        /// Expert: one pass; one log and one <see cref="Math.SinCos"/> per element (the log of
        /// x_{i+1} computed for term i+1 and carried, the sine and cosine of x_{i+1} together); the
        /// share of term i in x_{i+1}'s derivative carried to the next iteration in a register, so
        /// each dx_i is read and written once.
        /// </summary>
        public static double LogSinChainGrad(double[] x, double[] dx, double dret)
        {
            Shadow(x, dx, nameof(dx));
            int last = x.Length - 1;
            if (last < 1) return 0;

            double sum = 0;
            double carry = 0; // dret·∂(term i−1)/∂x_i
            double current = x[0];
            double onePlusSquare = 1 + current * current;
            double log = Math.Log(onePlusSquare);
            for (int i = 0; i < last; i++)
            {
                double next = x[i + 1];
                var (sin, cos) = Math.SinCos(next);
                double nextOnePlusSquare = 1 + next * next;
                sum += log * sin + current * next;
                dx[i] += carry + dret * (2 * current / onePlusSquare * sin + next);
                carry = dret * (log * cos + current);
                current = next;
                onePlusSquare = nextOnePlusSquare;
                log = Math.Log(nextOnePlusSquare);
            }

            dx[last] += carry;
            return sum;
        }

        /// <summary>
        /// ∂/∂W_kj = (1/rows)·Σ_r (softmax(scores_r)_k − [k = label_r])·x_rj.
        /// Expert: per row, the scores in a scratch row, then the exponentials written over them
        /// with their sum, then W's adjoint added in the same row pass (the sum has to be known
        /// first, so that is two sweeps over the classes, the least the math allows). The label's
        /// score kept in a local (the exponentials overwrite the scores); the seed and 1/rows folded
        /// into one factor. The scratch row is the one buffer: <c>stackalloc</c> for up to 256
        /// classes (no heap allocation per call; 2 KB of stack at most), an array beyond that.
        /// </summary>
        public static double SoftmaxCrossEntropyGrad(double[] w, double[] dw, double[] x, int[] labels, int classes, int features, double dret)
        {
            Shadow(w, dw, nameof(dw));
            int rows = labels.Length;
            Span<double> exps = classes <= 256 ? stackalloc double[classes] : new double[classes];
            double scale = dret / rows;
            double loss = 0;
            for (int r = 0; r < rows; r++)
            {
                int xr = r * features;
                int label = labels[r];
                double max = double.NegativeInfinity;
                double labelScore = 0;
                for (int k = 0; k < classes; k++)
                {
                    int wk = k * features;
                    double s = 0;
                    for (int j = 0; j < features; j++)
                    {
                        s += w[wk + j] * x[xr + j];
                    }

                    exps[k] = s;
                    if (k == label) labelScore = s;
                    max = Math.Max(max, s);
                }

                double sum = 0;
                for (int k = 0; k < classes; k++)
                {
                    double e = Math.Exp(exps[k] - max);
                    exps[k] = e;
                    sum += e;
                }

                loss += Math.Log(sum) - (labelScore - max);

                double perSum = scale / sum;
                for (int k = 0; k < classes; k++)
                {
                    double g = exps[k] * perSum - (k == label ? scale : 0);
                    int wk = k * features;
                    for (int j = 0; j < features; j++)
                    {
                        dw[wk + j] += g * x[xr + j];
                    }
                }
            }

            return loss / rows;
        }

        /// <summary>
        /// ∂/∂a_i = Σ_j b_j, ∂/∂b_j = Σ_i a_i.
        /// Expert: the double loop of the primal in one pass; a_i factored out of row i, so the
        /// inner loop adds b_j into a row sum held in a register (the row's value and a_i's
        /// adjoint at once) and dret·a_i into db_j; da_i written once per row.
        /// </summary>
        public static double PairProductGrad(double[] a, double[] da, double[] b, double[] db, double dret)
        {
            Shadow(a, da, nameof(da));
            Shadow(b, db, nameof(db));
            double sum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                double ai = a[i];
                double seedA = dret * ai;
                double row = 0;
                for (int j = 0; j < b.Length; j++)
                {
                    row += b[j];
                    db[j] += seedA;
                }

                sum += ai * row;
                da[i] += dret * row;
            }

            return sum;
        }

        /// <summary>
        /// With d = a_i − b_j: ∂/∂a_i = Σ_j b_j·cos d − a_i·b_j·sin d, ∂/∂b_j = Σ_i a_i·cos d + a_i·b_j·sin d.
        /// Expert: one pass; one <see cref="Math.SinCos"/> per pair; the product a_i·b_j computed
        /// once for the value and both adjoints; a_i's adjoint accumulated in a register over the
        /// row and written once; dret·a_i hoisted out of the inner loop.
        /// </summary>
        public static double PairCosineGrad(double[] a, double[] da, double[] b, double[] db, double dret)
        {
            Shadow(a, da, nameof(da));
            Shadow(b, db, nameof(db));
            double sum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                double ai = a[i];
                double seedA = dret * ai;
                double dai = 0;
                for (int j = 0; j < b.Length; j++)
                {
                    double bj = b[j];
                    var (sin, cos) = Math.SinCos(ai - bj);
                    double product = ai * bj;
                    sum += product * cos;
                    dai += bj * cos - product * sin;
                    db[j] += seedA * (cos + bj * sin);
                }

                da[i] += dret * dai;
            }

            return sum;
        }

        /// <summary>
        /// With t = tanh(W·x_s + b) and e = t − y_s: ∂/∂b_o = Σ_s e_o·(1 − t_o²), ∂/∂W_oi = Σ_s e_o·(1 − t_o²)·x_si.
        /// Expert: one pass over the samples, two sweeps over the outputs of each, as a layer's
        /// forward and backward are written: first every output's pre-activation accumulated in a
        /// register, its tanh computed once and reused for the derivative (1 − t²), b's adjoint
        /// added and the output's factor g kept in a scratch row; then W's rows updated from the
        /// row while x_s is in cache. Splitting the sweeps keeps the dot products' and tanh's
        /// latency chains apart from W's independent updates (interleaving them per output measured
        /// about 25% slower). The scratch row is <c>stackalloc</c> for up to 256 outputs (2 KB of
        /// stack at most, no heap allocation), an array beyond that.
        /// </summary>
        public static double DenseLayerLossGrad(double[] w, double[] dw, double[] b, double[] db, double[] x, double[] y, int inputs, int outputs, double dret)
        {
            Shadow(w, dw, nameof(dw));
            Shadow(b, db, nameof(db));
            int samples = y.Length / outputs;
            Span<double> gs = outputs <= 256 ? stackalloc double[outputs] : new double[outputs];
            double loss = 0;
            for (int s = 0; s < samples; s++)
            {
                int xs = s * inputs;
                int ys = s * outputs;
                for (int o = 0; o < outputs; o++)
                {
                    int wo = o * inputs;
                    double z = b[o];
                    for (int i = 0; i < inputs; i++)
                    {
                        z += w[wo + i] * x[xs + i];
                    }

                    double t = Math.Tanh(z);
                    double e = t - y[ys + o];
                    loss += 0.5 * e * e;
                    double g = dret * e * (1 - t * t);
                    db[o] += g;
                    gs[o] = g;
                }

                for (int o = 0; o < outputs; o++)
                {
                    int wo = o * inputs;
                    double g = gs[o];
                    for (int i = 0; i < inputs; i++)
                    {
                        dw[wo + i] += g * x[xs + i];
                    }
                }
            }

            return loss;
        }

        /// <summary>The woven derivatives' entry check: a shadow at least as long as its argument.</summary>
        private static void Shadow(double[] argument, double[] shadow, string name)
        {
            if (shadow == null) throw new ArgumentNullException(name, "the shadow is null");
            if (shadow.Length < argument.Length)
            {
                throw new ArgumentException($"the shadow has {shadow.Length} elements but the argument has {argument.Length}", name);
            }
        }
    }
}

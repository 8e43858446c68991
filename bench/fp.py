import csv, sys, itertools, collections
data, clusters, pairs = sys.argv[1], sys.argv[2], sys.argv[3]
rows={r['id']:r for r in csv.DictReader(open(data))}
K=('full_name','birth_date','sex','nik','phone','address')
n=0
for p in csv.DictReader(open(pairs)):
    a,b=rows[p['left_id']],rows[p['right_id']]
    if a['entity_id']!=b['entity_id']:
        n+=1
        if n<=8:
            print(p['probability'], '|', ' | '.join(a[k] for k in K)); print('        |', ' | '.join(b[k] for k in K)); print('   ', p['explanation'][:300])
print('false links', n)
cl={r['id']:r['cluster_id'] for r in csv.DictReader(open(clusters))}
ent=collections.defaultdict(list)
for i,r in rows.items(): ent[r['entity_id']].append(i)
m=0
for e,ids in ent.items():
    for a,b in itertools.combinations(ids,2):
        if cl[a]!=cl[b]:
            m+=1
            if m<=10:
                print('MISS', ' | '.join(rows[a][k] for k in K)); print('    ', ' | '.join(rows[b][k] for k in K))
print('missed', m)
